import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identityKey } from '../../../lib/adapters/store/identities.js';
import { APP_ROUTES } from '../../../lib/edge/web/app-routes.js';
import { probesFor, routeKeyOf, type RouteProbe } from '../../support/app-route-probes.js';
import {
  consentAsGoogle,
  signInWithGoogle,
  startCloudApp,
  startGoogleConnect,
  startGoogleSignIn,
  throughMicrosoft,
  type CloudApp,
  type TestBrowser,
} from '../../support/cloud-app.js';

/**
 * Signing in to the cloud dashboard over real HTTP (RAPPORT_AUTH=session): the sign-in page,
 * the same OAuth round trip as Connect in its sign-in mode (the Google fake and the local
 * Microsoft identity platform), the sealed session cookie, one user per account however often
 * or however concurrently it signs in, and signing out.
 */

const NOW = '2026-11-23T12:00:00.000Z';
const ANN = 'ann@northwind.example';
const ANN_WORK = 'ann.work@northwind.example';
const CARL = 'carl@contoso.example';
const DAN = 'dan@racing.example';
const BEA = 'bea@fabrikam.example';
let cloud: CloudApp;

beforeAll(async () => {
  cloud = await startCloudApp({ now: NOW, googleAccounts: [ANN, ANN_WORK, CARL, DAN] });
});
afterAll(async () => {
  await cloud?.close();
});

const profilesOwning = async (email: string) =>
  (await cloud.scan()).filter((item) => item.entity === 'Profile' && (item.ownerEmails as string[]).includes(email));

describe('without a session', () => {
  it('every dashboard page sends the browser to /signin, every API call and form answers 401, and nothing is written', async () => {
    const before = await cloud.scan();
    const browser = cloud.browser();
    const probes = probesFor({ contactEmail: 'someone@example.com', noteId: 'n1', connectionId: 'c1', csrf: 'x', ownerEmail: ANN });
    expect(APP_ROUTES.map(routeKeyOf).filter((key) => !probes.has(key))).toEqual([]);
    const unknown: RouteProbe[] = [
      { method: 'GET', path: '/app/no-such-page' },
      { method: 'GET', path: '/api/no-such-thing' },
      { method: 'GET', path: '/oauth/google/start' },
      { method: 'GET', path: '/oauth/microsoft/start' },
    ];
    for (const probe of [...probes.values(), ...unknown]) {
      const response = await browser.send(probe.method, probe.path, probe);
      const label = `${probe.method} ${probe.path}`;
      if (probe.method === 'GET' && !probe.path.startsWith('/api/')) {
        expect(response.status, label).toBe(302);
        expect(response.headers.get('location'), label).toBe('/signin');
      } else {
        expect(response.status, label).toBe(401);
        const body = await response.text();
        if (probe.path.startsWith('/api/')) expect(JSON.parse(body), label).toEqual({ error: 'Please sign in to Rapport first.' });
        else expect(body, label).toContain('href="/signin"');
      }
    }
    expect(await cloud.scan()).toEqual(before);
  });

  it('an altered, foreign or made-up session cookie counts as none', async () => {
    const browser = cloud.browser();
    for (const value of ['x', 'a.b.c', 'AAAA.BBBB.CCCC', '%E0%A4%A']) {
      browser.setCookie('rapport_session', value);
      expect((await browser.get('/api/contacts')).status).toBe(401);
    }
  });
});

describe('the sign-in page', () => {
  it('offers each configured provider, escaped, under a CSP whose nonce lets only its zone script run', async () => {
    const response = await cloud.browser().get('/signin');
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('href="/oauth/google/start?signin">Sign in with Google');
    expect(html).toContain('href="/oauth/microsoft/start?signin">Sign in with Microsoft');
    const csp = response.headers.get('content-security-policy')!;
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(html).toContain(`<script nonce="${nonce}">`);
    expect(csp).toContain("form-action 'self'");
  });
});

async function signedIn(browser: TestBrowser, callback: Response): Promise<string> {
  expect(callback.status, await callback.clone().text()).toBe(303);
  expect(callback.headers.get('location')).toBe('/app?signed-in');
  const session = cloud.sessionOf(browser);
  expect(session).not.toBeNull();
  return session!.userId;
}

describe('signing in with Google', () => {
  let ann: string;

  it("creates a user with default settings in the browser's zone, connects the calendar and signs the browser in", async () => {
    const browser = cloud.browser();
    const callback = await signInWithGoogle(browser, ANN, 'Asia/Kolkata');
    const setCookie = callback.headers.getSetCookie().find((c) => c.startsWith('rapport_session='))!;
    expect(setCookie).toMatch(/; Path=\/; Max-Age=604800; HttpOnly; SameSite=Lax$/);
    ann = await signedIn(browser, callback);
    expect(ann).toMatch(/^[A-Za-z0-9_-]{1,64}$/);

    const settings = await cloud.app.runtime.store.profiles.get(ann);
    expect(settings).toMatchObject({ ownerEmails: [ANN], timeZone: 'Asia/Kolkata', defaultTier: 'acquaintance', tierCadenceDays: { close: 30, 'keep-warm': 90, acquaintance: 180 } });
    expect(settings?.coffee?.windows.length).toBeGreaterThan(0);
    expect(await cloud.app.runtime.store.connections.list(ann)).toEqual([expect.objectContaining({ kind: 'google', account: ANN, status: 'ok' })]);
    expect(await cloud.app.runtime.store.identities.ownerOf({ provider: 'google', id: ANN })).toBe(ann);

    const { html } = await browser.dashboardToken();
    expect(html).toContain(`Signed in as <strong>${ANN}</strong>`);
    expect(html).toContain('action="/signout"');
    expect(await (await browser.get('/app?signed-in')).text()).toContain('You are signed in.');
    expect((await browser.get('/signin')).headers.get('location')).toBe('/app');
  });

  it('signs in again as the same user, keeping what the user changed', async () => {
    await cloud.app.runtime.store.profiles.put(ann, { ...(await cloud.app.runtime.store.profiles.get(ann))!, timeZone: 'Europe/Lisbon' });
    const browser = cloud.browser();
    expect(await signedIn(browser, await signInWithGoogle(browser, ANN, 'America/Chicago'))).toBe(ann);
    expect((await cloud.app.runtime.store.profiles.get(ann))?.timeZone).toBe('Europe/Lisbon');
    expect(await profilesOwning(ANN)).toHaveLength(1);
    expect(await cloud.app.runtime.store.connections.list(ann)).toHaveLength(1);
  });

  it('a zone the browser made up becomes UTC', async () => {
    const browser = cloud.browser();
    const carl = await signedIn(browser, await signInWithGoogle(browser, CARL, '<script>Not/AZone'));
    expect(carl).not.toBe(ann);
    expect((await cloud.app.runtime.store.profiles.get(carl))?.timeZone).toBe('UTC');
  });

  it('two first sign-ins racing with the same account make one user, and both browsers are that user', async () => {
    const first = cloud.browser();
    const second = cloud.browser();
    const callbacks = await Promise.all([first, second].map(async (browser) => consentAsGoogle(await startGoogleSignIn(browser, 'Europe/Berlin'), DAN)));
    const answers = await Promise.all([first.get(callbacks[0]!), second.get(callbacks[1]!)]);
    const users = [await signedIn(first, answers[0]!), await signedIn(second, answers[1]!)];
    expect(users[0]).toBe(users[1]);
    expect(await profilesOwning(DAN)).toHaveLength(1);
    const identities = (await cloud.scan()).filter((item) => item.pk === identityKey({ provider: 'google', id: DAN }).pk);
    expect(identities).toEqual([expect.objectContaining({ userId: users[0] })]);
    expect(await cloud.app.runtime.store.connections.list(users[0]!)).toHaveLength(1);
  });

  it("a signed-in user's Connect adds another account to the same user, who can then sign in with either", async () => {
    const browser = cloud.browser();
    await signInWithGoogle(browser, ANN);
    const connected = await browser.get(await consentAsGoogle(await startGoogleConnect(browser), ANN_WORK));
    expect(connected.status).toBe(303);
    expect(connected.headers.get('location')).toBe('/app?google-connected#calendars');
    expect((await cloud.app.runtime.store.connections.list(ann)).map((c) => c.account).sort()).toEqual([ANN, ANN_WORK].sort());
    expect((await cloud.app.runtime.store.profiles.get(ann))?.ownerEmails).toEqual([ANN, ANN_WORK]);

    const elsewhere = cloud.browser();
    expect(await signedIn(elsewhere, await signInWithGoogle(elsewhere, ANN_WORK))).toBe(ann);
    expect(await profilesOwning(ANN_WORK)).toHaveLength(1);
  });
});

describe('signing in with Microsoft', () => {
  it('makes its own user, and an account that belongs to one user cannot be connected to another (409, nothing written)', async () => {
    const bea = cloud.browser();
    const beaId = await signedIn(bea, await throughMicrosoft(cloud, bea, BEA, '/oauth/microsoft/start?signin&tz=Europe/Madrid'));
    expect(await cloud.app.runtime.store.profiles.get(beaId)).toMatchObject({ ownerEmails: [BEA], timeZone: 'Europe/Madrid' });
    expect(await cloud.app.runtime.store.connections.list(beaId)).toEqual([expect.objectContaining({ kind: 'microsoft', account: BEA })]);
    const { html } = await bea.dashboardToken();
    expect(html).toContain(`Signed in as <strong>${BEA}</strong>`);

    // Ann, signed in, tries to connect Bea's Outlook, then Carl's Google account.
    const ann = cloud.browser();
    const annId = await signedIn(ann, await signInWithGoogle(ann, ANN));
    const before = await cloud.scan();
    const outlook = await throughMicrosoft(cloud, ann, BEA, '/oauth/microsoft/start');
    expect(outlook.status).toBe(409);
    expect(await outlook.text()).toContain('This Microsoft account already belongs to another Rapport user');
    const google = await ann.get(await consentAsGoogle(await startGoogleConnect(ann), CARL));
    expect(google.status).toBe(409);
    expect(await google.text()).toContain('This Google account already belongs to another Rapport user');
    expect(await cloud.scan()).toEqual(before);
    expect(cloud.sessionOf(ann)?.userId).toBe(annId);
  });
});

describe('signing out', () => {
  it("needs the dashboard's CSRF token for this user, then clears the session cookie", async () => {
    const ann = cloud.browser();
    await signInWithGoogle(ann, ANN);
    const { token } = await ann.dashboardToken();
    const carl = cloud.browser();
    await signInWithGoogle(carl, CARL);
    const carlsToken = (await carl.dashboardToken()).token;

    expect((await ann.send('POST', '/signout', { form: { csrf: 'forged' } })).status).toBe(403);
    // A token minted on another user's page does not sign this one out (nor change anything).
    ann.setCookie('rapport_csrf', carl.cookie('rapport_csrf')!);
    expect((await ann.send('POST', '/signout', { form: { csrf: carlsToken } })).status).toBe(403);
    expect(cloud.sessionOf(ann)).not.toBeNull();

    const { token: fresh } = await ann.dashboardToken();
    expect(fresh).not.toBe(token);
    const out = await ann.send('POST', '/signout', { form: { csrf: fresh } });
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('/signin?signed-out');
    expect(out.headers.getSetCookie()).toContain('rapport_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax');
    expect(cloud.sessionOf(ann)).toBeNull();
    expect((await ann.get('/app')).headers.get('location')).toBe('/signin');
    expect(await (await ann.get('/signin?signed-out')).text()).toContain('You are signed out.');
  });
});
