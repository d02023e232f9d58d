import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort } from '../../../lib/local/free-port.js';
import { setRuntime } from '../../../lib/runtime/runtime.js';
import { openDashboard, postForm, startTestApp, type TestApp } from '../../support/app-server.js';
import { icsCalendar } from '../../services/calendar-files.js';

/**
 * Adding a calendar from the dashboard's Calendars section, over the real local server: by a
 * published address served by a small HTTP server in the test, and by uploading a file. Every
 * refusal is a page that says why, and leaves no connection behind.
 */

const NOW = '2026-11-20T12:00:00.000Z';
const CALENDAR = icsCalendar([
  {
    uid: 'coffee-1@test',
    start: '20261110T100000Z',
    end: '20261110T110000Z',
    summary: 'Coffee',
    attendees: [{ email: 'alex@northwind.example' }, { email: 'jane@example.com', name: 'Jane Doe' }],
  },
]);

/** A feed server: `/cal.ics` a calendar, `/page` a web page, `/huge.ics` a feed announcing 30 MB. */
async function startFeedServer(): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    if (req.url === '/cal.ics') return res.writeHead(200, { 'content-type': 'text/calendar' }).end(CALENDAR);
    if (req.url === '/page') return res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Welcome</body></html>');
    if (req.url === '/huge.ics') return res.writeHead(200, { 'content-type': 'text/calendar', 'content-length': String(30 * 1024 * 1024) }).write('BEGIN:VCALENDAR\r\n');
    res.writeHead(404).end();
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

async function startApp(env: Record<string, string>): Promise<TestApp> {
  Object.assign(process.env, { RAPPORT_DATA_DIR: mkdtempSync(join(tmpdir(), 'rapport-addcal-')), RAPPORT_ALLOW_PRIVATE_FEEDS: '0', ...env });
  return startTestApp({ now: NOW });
}

const connectionIds = async (app: TestApp) => (await app.runtime.store.connections.list(app.userId)).map((c) => c.id).sort();

async function postAddress(app: TestApp, url: string, withCsrf = true): Promise<Response> {
  const { cookie, token } = await openDashboard(app.url);
  return postForm(`${app.url}/app/calendars/address`, withCsrf ? { csrf: token, url } : { url }, cookie);
}

async function postUpload(app: TestApp, text: string | Uint8Array, name = 'work.ics', withCsrf = true): Promise<Response> {
  const { cookie, token } = await openDashboard(app.url);
  const form = new FormData();
  if (withCsrf) form.set('csrf', token);
  form.set('file', new Blob([text], { type: 'text/calendar' }), name);
  return fetch(`${app.url}/app/calendars/upload`, { method: 'POST', redirect: 'manual', headers: { cookie }, body: form });
}

/** A refusal: a page with the status and the reason, and no connection made. */
async function expectRefused(app: TestApp, response: Promise<Response>, status: number, reason: string | RegExp): Promise<void> {
  const before = await connectionIds(app);
  const answer = await response;
  const page = await answer.text();
  expect(answer.status).toBe(status);
  expect(answer.headers.get('content-type')).toContain('text/html');
  expect(page).toMatch(reason);
  expect(page).not.toMatch(/at .+\.(ts|js):\d+/);
  expect(await connectionIds(app)).toEqual(before);
}

describe('adding a calendar from the dashboard (feeds on this machine allowed, as a home server might)', () => {
  let app: TestApp;
  let feeds: { url: string; server: Server };
  beforeAll(async () => {
    feeds = await startFeedServer();
    app = await startApp({ RAPPORT_ALLOW_PRIVATE_FEEDS: '1' });
  });
  afterAll(async () => {
    await app.close();
    feeds.server.closeAllConnections();
    feeds.server.close();
  });

  it('offers both ways on the Calendars section', async () => {
    const { html } = await openDashboard(app.url);
    expect(html).toContain('action="/app/calendars/address"');
    expect(html).toMatch(/action="\/app\/calendars\/upload" enctype="multipart\/form-data"/);
  });

  it('a published address is read, connected and synced at once, and the dashboard shows it', async () => {
    const answer = await postAddress(app, `${feeds.url}/cal.ics`);
    expect(answer.status).toBe(303);
    expect(answer.headers.get('location')).toBe('/app?calendar-added#calendars');
    const added = (await app.runtime.store.connections.list(app.userId)).find((c) => c.source === `${feeds.url}/cal.ics`);
    expect(added).toMatchObject({ kind: 'ics', status: 'ok', lastSyncAt: NOW, label: `Published calendar at ${new URL(feeds.url).host}` });
    expect((await app.runtime.store.contacts.list(app.userId)).map((c) => c.email)).toContain('jane@example.com');
    const page = await (await fetch(`${app.url}/app?calendar-added`)).text();
    expect(page).toContain('The calendar is connected and synced');
    expect(page).toContain(`Published calendar at ${new URL(feeds.url).host}`);

    const again = await postAddress(app, `${feeds.url}/cal.ics`);
    expect(again.headers.get('location')).toBe('/app?calendar-known#calendars');
  });

  it('webcal:// is read as https://', async () => {
    // The feed server speaks plain http, so the https read fails: proof that webcal became https, not http.
    await expectRefused(app, postAddress(app, `webcal://${new URL(feeds.url).host}/cal.ics`), 400, /This calendar was not added: Could not (reach|read) the calendar feed at https:\/\/127\.0\.0\.1/);
  });

  it('an uploaded file is kept, connected and synced; its name is shown escaped', async () => {
    const calendar = CALENDAR.replace('coffee-1@test', 'coffee-upload@test').replace('jane@example.com', 'omar@example.com');
    const answer = await postUpload(app, calendar, '<b>work</b>.ics');
    expect(answer.status).toBe(303);
    expect(answer.headers.get('location')).toBe('/app?calendar-added#calendars');
    const added = (await app.runtime.store.connections.list(app.userId)).find((c) => c.label.startsWith('Uploaded file'));
    expect(added).toMatchObject({ kind: 'ics', status: 'ok', lastSyncAt: NOW });
    expect(added!.source).toContain(join(process.env.RAPPORT_DATA_DIR!, 'calendars'));
    expect((await app.runtime.store.contacts.list(app.userId)).map((c) => c.email)).toContain('omar@example.com');
    const page = await (await fetch(`${app.url}/app`)).text();
    expect(page).toContain('Uploaded file &lt;b&gt;work&lt;/b&gt;.ics');
    expect(page).not.toContain('<b>work</b>');
  });

  it('each reason a calendar is refused is said on a 400 page, and nothing is connected', async () => {
    const closed = `http://127.0.0.1:${await findFreePort()}/cal.ics`;
    await expectRefused(app, postAddress(app, closed), 400, /This calendar was not added: Could not reach the calendar feed at http:\/\/127\.0\.0\.1:\d+: ECONNREFUSED/);
    await expectRefused(app, postAddress(app, `${feeds.url}/page`), 400, /This calendar was not added: the calendar does not start with BEGIN:VCALENDAR/);
    await expectRefused(app, postAddress(app, `${feeds.url}/huge.ics`), 400, /This calendar was not added: The calendar feed at http:\/\/127\.0\.0\.1:\d+ is larger than the 20 MB limit/);
    await expectRefused(app, postAddress(app, `${feeds.url}/gone.ics`), 400, /This calendar was not added: The calendar feed at http:\/\/127\.0\.0\.1:\d+ answered HTTP 404/);
    await expectRefused(app, postUpload(app, 'this is not a calendar'), 400, /This calendar was not added: the calendar does not start with BEGIN:VCALENDAR/);
    await expectRefused(app, postUpload(app, new Uint8Array(4 * 1024 * 1024 + 1).fill(65)), 413, /larger than the 4 MB limit for an uploaded calendar/);
    await expectRefused(app, postUpload(app, ''), 400, /Choose an .ics file to upload/);
  });

  it('only web addresses are taken: a path would have the server read its own files', async () => {
    await expectRefused(app, postAddress(app, '/etc/passwd'), 400, /starts with https:\/\/, http:\/\/ or webcal:\/\//);
    await expectRefused(app, postAddress(app, 'file:///etc/passwd'), 400, /starts with https:\/\/, http:\/\/ or webcal:\/\//);
    await expectRefused(app, postAddress(app, ''), 400, /Give the calendar’s published address/);
  });

  it('a form without its CSRF token is refused (403) and connects nothing', async () => {
    await expectRefused(app, postAddress(app, `${feeds.url}/cal.ics`, false), 403, /did not come from your Rapport dashboard/);
    await expectRefused(app, postUpload(app, CALENDAR, 'x.ics', false), 403, /did not come from your Rapport dashboard/);
  });

  it('where no upload can be kept (the cloud app), the page says so and an upload is refused', async () => {
    const runtime = app.runtime;
    setRuntime({ ...runtime, uploads: undefined });
    try {
      const { html } = await openDashboard(app.url);
      expect(html).not.toContain('action="/app/calendars/upload"');
      expect(html).toContain('Uploading an .ics file works in local mode');
      await expectRefused(app, postUpload(app, CALENDAR), 400, /Uploading a calendar file works in local mode \(npm start\) only/);
    } finally {
      setRuntime(runtime);
    }
  });
});

describe('adding a calendar from the dashboard (the default: feeds on the public internet only)', () => {
  let app: TestApp;
  let feeds: { url: string; server: Server };
  beforeAll(async () => {
    feeds = await startFeedServer();
    app = await startApp({ RAPPORT_ALLOW_PRIVATE_FEEDS: '0' });
  });
  afterAll(async () => {
    await app.close();
    feeds.server.closeAllConnections();
    feeds.server.close();
  });

  it('an address on this machine is refused before any request, and says why', async () => {
    let requests = 0;
    feeds.server.on('request', () => requests++);
    await expectRefused(app, postAddress(app, `${feeds.url}/cal.ics`), 400, /This calendar was not added: Calendar feeds must be on the public internet; 127\.0\.0\.1:\d+ is a private, local or reserved address/);
    expect(requests).toBe(0);
  });
});
