import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../lib/runtime/log.js';
import { serve, type RunningRapport } from '../../lib/local/serve.js';
import { getRuntime } from '../../lib/runtime/runtime.js';
import { launchBrowser } from '../support/browser.js';

/**
 * "Connect Google Calendar" as a person clicks it: `serve()` with the local Google fake (what
 * `RAPPORT_GOOGLE_FAKE=1 npm start` runs), driven by real headless Chromium through the consent
 * redirect and back to the dashboard.
 */
const dataDir = mkdtempSync(join(tmpdir(), 'rapport-google-browser-'));
const GOOGLE_ENV = ['RAPPORT_GOOGLE_CLIENT_ID', 'RAPPORT_GOOGLE_CLIENT_SECRET', 'RAPPORT_GOOGLE_API_ROOT', 'RAPPORT_GOOGLE_AUTH_URL', 'RAPPORT_GOOGLE_TOKEN_URL'];

let browser: Browser;
let server: RunningRapport;
beforeAll(async () => {
  // Side by side: each mostly waits for its own process (Chromium, DynamoDB Local) to start.
  [browser, server] = await Promise.all([launchBrowser(), serve({ dataDir, port: 0, host: '127.0.0.1', sweepMinutes: 15, out: () => {}, logger: silentLogger, googleFake: true })]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  for (const name of GOOGLE_ENV) delete process.env[name];
});

describe('Connect Google Calendar in Chromium', () => {
  it('goes through consent and comes back connected, with the primary calendar counting', async () => {
    const page = await browser.newPage();
    try {
      await page.goto(`${server.url}/app`);
      await page.getByRole('link', { name: 'Connect Google Calendar' }).click();
      await page.waitForURL(/\/app\?google-connected/);
      await expect(page.getByRole('status').textContent()).resolves.toContain('Google Calendar is connected');
      const calendars = page.locator('section[aria-labelledby="calendars"]');
      await expect(calendars.textContent()).resolves.toContain('you@example.com');
      await expect(calendars.textContent()).resolves.toContain('Counts: you@example.com');

      // Sync now reads the Google calendar: the coffee with Maya twenty days ago becomes a meeting.
      await page.getByRole('button', { name: 'Sync now' }).click();
      await page.waitForLoadState();
      const userId = getRuntime().config.localUserId;
      const met = (await getRuntime().store.meetings.list(userId)).flatMap((m) => m.with);
      expect(met).toContain('maya@example.org');
      const [google] = (await getRuntime().store.connections.list(userId)).filter((c) => c.kind === 'google');
      expect(google).toMatchObject({ status: 'ok', account: 'you@example.com' });
    } finally {
      await page.close();
    }
  });
});
