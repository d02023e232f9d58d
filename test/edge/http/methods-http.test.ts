import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/app-server.js';

/** What HTTP itself promises: HEAD on every page, 405 with Allow, broken escapes, media types in any case. */
describe('the HTTP edge', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ now: '2026-11-23T12:00:00.000Z' });
  });
  afterAll(() => app?.close());

  it('HEAD is answered wherever GET is, with the same status and headers and no body', async () => {
    for (const path of ['/app', '/app/settings', '/healthz', '/api/contacts']) {
      const [get, head] = await Promise.all([fetch(`${app.url}${path}`), fetch(`${app.url}${path}`, { method: 'HEAD' })]);
      expect(head.status, path).toBe(get.status);
      expect(head.headers.get('content-type'), path).toBe(get.headers.get('content-type'));
      expect(await head.text(), path).toBe('');
    }
  });

  it('a method an address does not take is 405 and names the ones it does (Allow)', async () => {
    const response = await fetch(`${app.url}/app/settings`, { method: 'PUT' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')?.split(', ').sort()).toEqual(['GET', 'HEAD', 'POST']);
  });

  it('a broken %-escape in the path is a 400 with a sentence, not a 500', async () => {
    for (const [method, path] of [['POST', '/app/connections/%ZZ/calendars'], ['POST', '/app/contacts/%E0%A4%A'], ['PATCH', '/api/contacts/%ZZ']] as const) {
      const response = await fetch(`${app.url}${path}`, { method, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=b' });
      expect(response.status, path).toBe(400);
      expect(await response.text(), path).toMatch(/broken %-escape/);
    }
  });

  it('a JSON request with its media type in capitals gets its error as JSON', async () => {
    const response = await fetch(`${app.url}/app/settings`, { method: 'PUT', headers: { 'content-type': 'APPLICATION/JSON' }, body: '{}' });
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({ error: expect.any(String) });
  });
});
