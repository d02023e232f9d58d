import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeGoogleServer } from '../../../lib/local/google-fake/server.js';
import { secretsIssuedByFakes } from '../../../lib/local/google-fake/oauth.js';
import { createLogger } from '../../../lib/runtime/log.js';
import { setRuntime } from '../../../lib/runtime/runtime.js';
import { openDashboard, type TestApp } from '../../support/app-server.js';
import { startGoogleApp, TEST_GOOGLE_CLIENT, type GoogleApp } from '../../support/google.js';

/**
 * Connect Google Calendar over real HTTP: the dashboard's button, Google's consent (the local
 * fake), the callback with state and PKCE checked, the refresh token sealed, the connection
 * created with the primary calendar counting.
 */

const NOW = '2026-11-23T12:00:00.000Z';
const ME = 'alex.google@example.com';
let google: GoogleApp;
let fake: FakeGoogleServer;
let app: TestApp;
const logLines: string[] = [];

beforeAll(async () => {
  google = await startGoogleApp({ now: NOW });
  ({ fake, app } = google);
  fake.addAccount(ME, [{ id: 'team@group.calendar.google.com', summary: 'Team' }]);
  // Every log line of the flow is kept, to prove no code, token or secret is among them.
  setRuntime({ ...app.runtime, logger: createLogger({ level: 'debug', write: (line) => logLines.push(line) }) });
});
afterAll(() => google.close());

/** GET start → Google's consent URL, and the state cookie. */
async function start(): Promise<{ consent: URL; stateCookie: string }> {
  const { html } = await openDashboard(app.url);
  expect(html).toContain('href="/oauth/google/start"');
  const response = await fetch(`${app.url}/oauth/google/start`, { redirect: 'manual' });
  expect(response.status).toBe(303);
  const stateCookie = response.headers.getSetCookie().find((c) => c.startsWith('rapport_oauth_google='))!;
  expect(stateCookie).toMatch(/HttpOnly; SameSite=Lax/);
  return { consent: new URL(response.headers.get('location')!), stateCookie: stateCookie.split(';')[0]! };
}

/** The consent page redirects back with code and state; returns the callback path and query. */
async function consent(url: URL): Promise<URL> {
  const response = await fetch(url, { redirect: 'manual' });
  expect(response.status).toBe(302);
  return new URL(response.headers.get('location')!);
}

const callback = (back: URL, cookie?: string) =>
  fetch(`${app.url}${back.pathname}${back.search}`, { redirect: 'manual', ...(cookie ? { headers: { cookie } } : {}) });

describe('Connect Google Calendar', () => {
  it('asks for offline access with the least scopes, state and PKCE S256', async () => {
    const { consent: url } = await start();
    expect(url.origin + url.pathname).toBe(fake.authUrl);
    expect(url.searchParams.get('access_type')).toBe('offline');
    expect(url.searchParams.get('prompt')).toBe('consent');
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url.searchParams.get('state')!.length).toBeGreaterThanOrEqual(32);
    expect(url.searchParams.get('redirect_uri')).toBe('http://localhost:3000/oauth/google/callback');
    expect(url.searchParams.get('scope')!.split(' ').sort()).toEqual([
      'https://www.googleapis.com/auth/calendar.calendarlist.readonly',
      'https://www.googleapis.com/auth/calendar.events',
      'https://www.googleapis.com/auth/calendar.freebusy',
    ]);
  });

  it('refuses a callback from another browser (no state cookie) or with another state, and stores nothing', async () => {
    const { consent: url, stateCookie } = await start();
    const back = await consent(url);
    expect((await callback(back)).status).toBe(400);
    const forged = new URL(back);
    forged.searchParams.set('state', 'x'.repeat(32));
    expect((await callback(forged, stateCookie)).status).toBe(400);
    expect((await app.runtime.store.connections.list(app.userId)).filter((c) => c.kind === 'google')).toEqual([]);
  });

  it('connects: code exchanged with the verifier, refresh token sealed, primary calendar counting', async () => {
    const { consent: url, stateCookie } = await start();
    const back = await consent(url);
    const response = await callback(back, stateCookie);
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/app?google-connected#calendars');
    const [connection] = (await app.runtime.store.connections.list(app.userId)).filter((c) => c.kind === 'google');
    expect(connection).toMatchObject({
      kind: 'google',
      account: ME,
      status: 'ok',
      calendars: [
        { id: ME, counts: true, primary: true },
        { id: 'team@group.calendar.google.com', label: 'Team', counts: false },
      ],
    });
    const sealed = await app.runtime.store.credentials.get(app.userId, connection!.id);
    expect(sealed).toBeTruthy();
    expect(sealed).not.toContain('fake-refresh');
    expect(await app.runtime.secrets().load(app.userId, connection!.id)).toMatch(/^1\/\/fake-refresh-/);
    expect((await app.runtime.store.profiles.get(app.userId))?.ownerEmails).toContain(ME);
    // A replayed callback (same code) is refused: codes are single use and the cookie is cleared.
    expect((await callback(back, stateCookie)).status).toBe(400);

    const dashboard = await openDashboard(app.url);
    expect(dashboard.html).toContain(ME);
    expect(dashboard.html).toContain('Counts: alex.google@example.com');

    // The user ticks the team calendar too: it counts from now on, and an id not on the account is refused.
    const save = (fields: [string, string][]) =>
      fetch(`${app.url}/app/connections/${encodeURIComponent(connection!.id)}/calendars`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: dashboard.cookie },
        body: new URLSearchParams([['csrf', dashboard.token], ...fields]),
      });
    expect((await save([['count', ME], ['count', 'team@group.calendar.google.com']])).status).toBe(303);
    const ticked = await app.runtime.store.connections.get(app.userId, connection!.id);
    expect(ticked?.calendars?.map((c) => c.counts)).toEqual([true, true]);
    expect((await save([['count', 'someone-else@example.com']])).status).toBe(400);
  });

  it('offers "Reconnect Google" when the grant was revoked', async () => {
    const [connection] = (await app.runtime.store.connections.list(app.userId)).filter((c) => c.kind === 'google');
    await app.runtime.store.connections.update(app.userId, connection!.id, { status: 'needs-reconnect', lastError: 'Google refused the stored grant: reconnect Google Calendar' });
    const { html } = await openDashboard(app.url);
    expect(html).toContain('Reconnect Google');
    const { consent: url, stateCookie } = await start();
    await callback(await consent(url), stateCookie);
    const after = await app.runtime.store.connections.get(app.userId, connection!.id);
    expect(after).toMatchObject({ status: 'ok' });
    expect(after?.lastError).toBeUndefined();
  });

  it('logs no code, token, verifier or client secret along the way', () => {
    expect(logLines.length).toBeGreaterThan(0); // the refused replay is logged (status and reason only)
    const log = logLines.join('\n');
    for (const secret of [...secretsIssuedByFakes(), TEST_GOOGLE_CLIENT.clientSecret]) expect(log).not.toContain(secret);
    for (const request of fake.oauth.authorizeRequests) {
      expect(log).not.toContain(request.get('state')!);
      expect(log).not.toContain(request.get('code_challenge')!);
    }
  });
});
