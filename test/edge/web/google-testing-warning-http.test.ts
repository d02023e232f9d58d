import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testingExpiries } from '../../../lib/core/domain/google-testing.js';
import { parseConfig } from '../../../lib/runtime/config.js';
import { openDashboard, type TestApp } from '../../support/app-server.js';
import { startGoogleApp, type GoogleApp } from '../../support/google.js';

/**
 * The dashboard warns that a Google connection made with an OAuth client in testing mode will
 * stop working seven days after it was connected: on which day (the user's zone) and what to do.
 */

const NOW = '2026-11-23T12:00:00.000Z';
let google: GoogleApp;
let app: TestApp;

beforeAll(async () => {
  google = await startGoogleApp({ now: NOW });
  app = google.app;
  google.fake.addAccount('alex@example.com');
});
afterAll(() => google.close());

async function connectGoogle(): Promise<void> {
  const start = await fetch(`${app.url}/oauth/google/start`, { redirect: 'manual' });
  const cookie = start.headers.getSetCookie().find((c) => c.startsWith('rapport_oauth_google='))!.split(';')[0]!;
  const consent = await fetch(start.headers.get('location')!, { redirect: 'manual' });
  const back = new URL(consent.headers.get('location')!);
  const done = await fetch(`${app.url}${back.pathname}${back.search}`, { redirect: 'manual', headers: { cookie } });
  expect(done.status).toBe(303);
}

describe('the Google testing-mode warning', () => {
  it('is on unless RAPPORT_GOOGLE_OAUTH_TESTING=0, and refuses another value', () => {
    const google = { RAPPORT_GOOGLE_CLIENT_ID: 'id', RAPPORT_GOOGLE_CLIENT_SECRET: 'secret' };
    expect(parseConfig(google).google?.oauthTesting).toBe(true);
    expect(parseConfig({ ...google, RAPPORT_GOOGLE_OAUTH_TESTING: '0' }).google?.oauthTesting).toBe(false);
    expect(() => parseConfig({ ...google, RAPPORT_GOOGLE_OAUTH_TESTING: 'yes' })).toThrow(/RAPPORT_GOOGLE_OAUTH_TESTING: must be one of 0, 1/);
  });

  it('names the connection, the day it stops (in the user zone) and both ways out, after a connect', async () => {
    await connectGoogle();
    const connection = (await app.runtime.store.connections.list(app.userId)).find((c) => c.kind === 'google')!;
    expect(connection.grantedAt).toBe(NOW);
    const { html } = await openDashboard(app.url);
    // Connected Mon 23 Nov 12:00 UTC: Google ends the grant Mon 30 Nov 12:00 UTC, 12:00 in London.
    expect(html).toContain('<strong>alex@example.com</strong> will stop syncing on Mon 30 Nov 2026, 12:00.');
    expect(html).toContain('publish the app');
    expect(html).toContain('RAPPORT_GOOGLE_OAUTH_TESTING=0');
    expect(html).toContain('href="/oauth/google/start">Reconnect Google</a>');
  });

  it('is gone once the seven days have passed (the connection then says it needs reconnecting), and for a published client', () => {
    const grant = { label: 'alex@example.com', kind: 'google', status: 'ok', grantedAt: NOW };
    expect(testingExpiries([grant], '2026-11-30T11:59:00.000Z', true)).toEqual([{ label: 'alex@example.com', stopsAt: '2026-11-30T12:00:00.000Z' }]);
    expect(testingExpiries([grant], '2026-11-30T12:00:00.000Z', true)).toEqual([]);
    expect(testingExpiries([grant], NOW, false)).toEqual([]);
    expect(testingExpiries([{ ...grant, status: 'needs-reconnect' }], NOW, true)).toEqual([]);
    expect(testingExpiries([{ ...grant, kind: 'microsoft' }], NOW, true)).toEqual([]);
    // Connected before grant times were recorded: no date is guessed.
    expect(testingExpiries([{ label: 'old', kind: 'google', status: 'ok' }], NOW, true)).toEqual([]);
  });
});
