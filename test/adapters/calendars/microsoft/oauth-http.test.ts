import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncUser } from '../../../../lib/services/sync.js';
import type { GraphServer } from '../../../../lib/local/graph-fake/server.js';
import { openDashboard, type TestApp } from '../../../support/app-server.js';
import { meetingWith, startMicrosoftApp, type MicrosoftApp } from './world.js';

/**
 * Connecting Outlook from the dashboard over real HTTP: /oauth/microsoft/start → the local
 * identity platform's /authorize → /oauth/microsoft/callback, with the real MSAL doing the
 * PKCE code exchange, the cache sealed in DynamoDB Local and the connection created.
 */

const NOW = '2026-11-23T12:00:00.000Z';
const USER = 'morgan@contoso.example';
let microsoft: MicrosoftApp;
let server: GraphServer;
let app: TestApp;

beforeAll(async () => {
  microsoft = await startMicrosoftApp({ now: NOW });
  ({ server, app } = microsoft);
  server.signInAs(USER);
});
afterAll(() => microsoft?.close());

/** The browser's round trip: start, Microsoft's consent (signed in already), back to the callback. */
async function roundTrip(tamper: { state?: string; dropCookie?: boolean } = {}) {
  const start = await fetch(`${app.url}/oauth/microsoft/start`, { redirect: 'manual' });
  const cookie = (start.headers.get('set-cookie') ?? '').split(';')[0]!;
  const authorize = new URL(start.headers.get('location')!);
  const consent = await fetch(authorize, { redirect: 'manual' });
  const back = new URL(consent.headers.get('location')!);
  if (tamper.state) back.searchParams.set('state', tamper.state);
  const callback = await fetch(`${app.url}/oauth/microsoft/callback${back.search}`, { redirect: 'manual', headers: tamper.dropCookie ? {} : { cookie } });
  return { start, cookie, authorize, back, callback };
}

describe('connecting Outlook', () => {
  it('offers the button, then runs state + PKCE through Microsoft and stores a sealed sign-in', async () => {
    expect((await openDashboard(app.url)).html).toContain('Connect Outlook / Microsoft 365');

    const { start, cookie, authorize, back, callback } = await roundTrip();

    expect(start.status).toBe(302);
    expect(authorize.origin + authorize.pathname).toBe(`${server.url}/common/oauth2/v2.0/authorize`);
    expect(authorize.searchParams.get('scope')!.split(' ').sort()).toEqual(['Calendars.ReadWrite', 'User.Read', 'offline_access', 'openid', 'profile']);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('state')).toBe(back.searchParams.get('state'));
    expect(cookie).toMatch(/^rapport_ms_oauth=/);
    expect(start.headers.get('set-cookie')).toContain('HttpOnly; SameSite=Lax');
    // Neither the state nor the verifier is readable in the cookie.
    expect(cookie).not.toContain(authorize.searchParams.get('state')!);

    expect(callback.status).toBe(303);
    expect(callback.headers.get('location')).toBe('/app?outlook-connected#calendars');
    const exchange = server.requests.filter((r) => r.grantType === 'authorization_code');
    expect(exchange.map((r) => r.status)).toEqual([200]);

    const connections = (await app.runtime.store.connections.list(app.userId)).filter((c) => c.kind === 'microsoft');
    expect(connections).toEqual([expect.objectContaining({ kind: 'microsoft', account: USER, status: 'ok', label: `Outlook (${USER})` })]);
    const sealed = await app.runtime.store.credentials.get(app.userId, connections[0]!.id);
    expect(sealed).toBeTruthy();
    expect(sealed).not.toMatch(/rt-[0-9a-f]{48}/);

    // The stored sign-in reads the calendar.
    server.putEvent(USER, meetingWith('quinn@fabrikam.example', '2026-11-18T10:00:00.000Z'));
    const report = await syncUser(app.runtime, app.userId, NOW);
    expect(report.connections.find((c) => c.connectionId === connections[0]!.id)).toMatchObject({ status: 'ok', eventsWritten: 1 });
  });

  it('remembers the Outlook address as the user’s own, so the user never becomes their own contact', async () => {
    // The first test connected USER; the test settings only knew another address.
    const settings = await app.runtime.store.profiles.get(app.userId);
    expect(settings!.ownerEmails).toContain(USER);
    expect(settings!.ownerEmails.filter((e) => e === USER)).toHaveLength(1);
    await roundTrip();
    expect((await app.runtime.store.profiles.get(app.userId))!.ownerEmails.filter((e) => e === USER)).toHaveLength(1);
  });

  it('refuses a callback whose state does not match, or that comes without the browser cookie', async () => {
    const before = await app.runtime.store.connections.list(app.userId);
    const forged = await roundTrip({ state: 'forged-state' });
    expect(forged.callback.status).toBe(400);
    expect(await forged.callback.text()).toContain('does not match this browser');
    const cookieless = await roundTrip({ dropCookie: true });
    expect(cookieless.callback.status).toBe(400);
    expect(await app.runtime.store.connections.list(app.userId)).toEqual(before);
  });

  it('offers Reconnect for a connection that needs it, and reconnecting heals the same connection', async () => {
    const [connection] = (await app.runtime.store.connections.list(app.userId)).filter((c) => c.kind === 'microsoft');
    await app.runtime.store.connections.update(app.userId, connection!.id, { status: 'needs-reconnect', lastError: 'revoked' });
    expect((await openDashboard(app.url)).html).toContain(`Reconnect Outlook (${USER})`);

    const { callback } = await roundTrip();

    expect(callback.status).toBe(303);
    const after = (await app.runtime.store.connections.list(app.userId)).filter((c) => c.kind === 'microsoft');
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ id: connection!.id, status: 'ok' });
    expect(after[0]!.lastError).toBeUndefined();
  });

  it('goes back to the dashboard with a notice when the user declines at Microsoft', async () => {
    const response = await fetch(`${app.url}/oauth/microsoft/callback?error=access_denied&error_description=declined`, { redirect: 'manual' });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/app?outlook-declined#calendars');
  });
});
