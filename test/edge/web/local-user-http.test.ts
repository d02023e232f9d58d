import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDashboard, startTestApp, type TestApp } from '../../support/app-server.js';

/**
 * Local mode (`npm start`, RAPPORT_AUTH unset) stays as it always was: one implicit user, no
 * sign-in page, no session cookie, no Sign out.
 */

const NOW = '2026-11-23T12:00:00.000Z';
let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({ now: NOW });
});
afterAll(async () => {
  await app.close();
});

describe('locally there is no sign-in', () => {
  it('the dashboard and the API answer without any cookie, and the page has no Sign out', async () => {
    const { html } = await openDashboard(app.url);
    expect(html).toContain('Keep in touch');
    expect(html).not.toContain('Sign out');
    expect(html).not.toContain('Signed in as');
    expect((await fetch(`${app.url}/api/contacts`)).status).toBe(200);
  });

  it('/signin leads to the dashboard, and there is no sign-in round trip or sign-out', async () => {
    const signin = await fetch(`${app.url}/signin`, { redirect: 'manual' });
    expect(signin.status).toBe(303);
    expect(signin.headers.get('location')).toBe('/app');
    expect(signin.headers.getSetCookie()).toEqual([]);
    expect((await fetch(`${app.url}/signout`, { method: 'POST', redirect: 'manual' })).status).toBe(404);
  });
});
