import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve, type RunningRapport } from '../../lib/local/serve.js';
import { silentLogger } from '../../lib/runtime/log.js';
import { launchBrowser } from '../support/browser.js';
import { icsCalendar } from '../services/calendar-files.js';

/**
 * Adding a calendar as a person does it, in Chromium on what `npm start` runs: typing a
 * published address, and choosing an .ics file in the file picker (a real multipart upload).
 * Feeds on this machine are allowed here, as RAPPORT_ALLOW_PRIVATE_FEEDS=1 does.
 */

/** `serve()` runs on the real clock (as the sample calendar does): the coffee was three days ago, inside the sync window. */
const threeDaysAgo = new Date(Date.now() - 3 * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
const calendarWith = (uid: string, email: string, name: string) =>
  icsCalendar([{ uid, start: `${threeDaysAgo}T100000Z`, end: `${threeDaysAgo}T110000Z`, summary: 'Coffee', attendees: [{ email: 'alex@northwind.example' }, { email, name }] }]);

let browser: Browser;
// One context for both tests: a `browser.newPage()` page owns its context, and closing the last one ends this single-process Chromium.
let context: BrowserContext;
let rapport: RunningRapport;
let feeds: Server;
let feedUrl: string;
beforeAll(async () => {
  feeds = createServer((req, res) => {
    if (req.url === '/team.ics') return res.writeHead(200, { 'content-type': 'text/calendar' }).end(calendarWith('team@t', 'priya@example.com', 'Priya Natarajan'));
    res.writeHead(200, { 'content-type': 'text/html' }).end('<p>not a calendar</p>');
  });
  await new Promise<void>((done) => feeds.listen(0, '127.0.0.1', done));
  feedUrl = `http://127.0.0.1:${(feeds.address() as AddressInfo).port}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'rapport-browser-addcal-'));
  // Side by side: each mostly waits for its own process (DynamoDB Local, Chromium) to start.
  [rapport, browser] = await Promise.all([
    serve({ dataDir, port: 0, host: '127.0.0.1', sweepMinutes: 15, out: () => {}, logger: silentLogger, overrides: { privateFeeds: true } }),
    launchBrowser(),
  ]);
  context = await browser.newContext();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await rapport?.stop();
  feeds?.closeAllConnections();
  feeds?.close();
});

describe('adding a calendar from the dashboard, in Chromium', () => {
  it('by its published address: connected, synced, listed; a page that is not a calendar is refused with the reason', async () => {
    const page = await context.newPage();
    try {
      await page.goto(`${rapport.url}/app#calendars`);
      await page.getByLabel(/Published calendar address/).fill(`${feedUrl}/team.ics`);
      await page.getByRole('button', { name: 'Add calendar' }).click();
      await page.waitForURL(/calendar-added/);
      await expect(page.getByRole('status').textContent()).resolves.toContain('The calendar is connected and synced');
      const row = page.locator('section[aria-labelledby="calendars"] tr', { hasText: `Published calendar at ${new URL(feedUrl).host}` });
      await expect(row.locator('td[data-label="Health"]').textContent()).resolves.toBe('ok');
      await expect(page.locator('tr[data-email="priya@example.com"]').count()).resolves.toBe(1);

      await page.getByLabel(/Published calendar address/).fill(`${feedUrl}/page`);
      const [refusal] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/app/calendars/address')), page.getByRole('button', { name: 'Add calendar' }).click()]);
      expect(refusal.status()).toBe(400);
      await expect(page.locator('main').textContent()).resolves.toContain('This calendar was not added: the calendar does not start with BEGIN:VCALENDAR');
    } finally {
      await page.close();
    }
  }, 60_000);

  it('by uploading an .ics file from the file picker', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'rapport-upload-')), 'holiday export.ics');
    writeFileSync(file, calendarWith('upload@t', 'lena@example.com', 'Lena Fischer'));
    const page = await context.newPage();
    try {
      await page.goto(`${rapport.url}/app#calendars`);
      await page.getByLabel(/Or upload an .ics file/).setInputFiles(file);
      await page.getByRole('button', { name: 'Upload and connect' }).click();
      await page.waitForURL(/calendar-added/);
      const row = page.locator('section[aria-labelledby="calendars"] tr', { hasText: 'Uploaded file holiday export.ics' });
      await expect(row.locator('td[data-label="Health"]').textContent()).resolves.toBe('ok');
      await expect(page.locator('tr[data-email="lena@example.com"]').count()).resolves.toBe(1);
    } finally {
      await page.close();
    }
  }, 60_000);
});
