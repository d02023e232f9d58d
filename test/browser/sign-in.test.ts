import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_GOOGLE_ACCOUNT } from '../../lib/local/google-fake/local.js';
import { silentLogger } from '../../lib/runtime/log.js';
import { serve, type RunningRapport } from '../../lib/local/serve.js';
import { getRuntime } from '../../lib/runtime/runtime.js';
import { launchBrowser } from '../support/browser.js';

/**
 * Signing in as a person does it, in real headless Chromium: the dashboard sends the browser
 * to /signin, whose nonce'd script adds the browser's zone to the Google link; the fake's
 * consent comes back across sites to the callback, and the SameSite=Lax session cookie set
 * there is sent with the redirect to /app. Then Sign out.
 */
const dataDir = mkdtempSync(join(tmpdir(), 'rapport-sign-in-browser-'));
const ENV = ['RAPPORT_AUTH', 'RAPPORT_GOOGLE_CLIENT_ID', 'RAPPORT_GOOGLE_CLIENT_SECRET', 'RAPPORT_GOOGLE_API_ROOT', 'RAPPORT_GOOGLE_AUTH_URL', 'RAPPORT_GOOGLE_TOKEN_URL'];

let browser: Browser;
let server: RunningRapport;
beforeAll(async () => {
  process.env.RAPPORT_AUTH = 'session';
  // Side by side: each mostly waits for its own process (Chromium, DynamoDB Local) to start.
  [browser, server] = await Promise.all([launchBrowser(), serve({ dataDir, port: 0, host: '127.0.0.1', sweepMinutes: 15, out: () => {}, logger: silentLogger, googleFake: true })]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  for (const name of ENV) delete process.env[name];
});

describe('signing in to the cloud dashboard in Chromium', () => {
  it("signs in with Google in the browser's zone, shows who is signed in, and signs out", async () => {
    const context = await browser.newContext({ timezoneId: 'Asia/Tokyo' });
    const page = await context.newPage();
    const blocked: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) blocked.push(message.text());
    });
    try {
      await page.goto(`${server.url}/app`);
      expect(new URL(page.url()).pathname).toBe('/signin');
      const link = page.getByRole('link', { name: 'Sign in with Google' });
      await expect(link.getAttribute('href')).resolves.toBe('/oauth/google/start?signin&tz=Asia%2FTokyo');
      await link.click();
      await page.waitForURL(/\/app\?signed-in/);
      await expect(page.getByRole('status').textContent()).resolves.toContain('You are signed in.');
      await expect(page.locator('main').textContent()).resolves.toContain(`Signed in as ${LOCAL_GOOGLE_ACCOUNT}`);

      const cookie = (await context.cookies()).find((c) => c.name === 'rapport_session');
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
      const userId = await getRuntime().store.identities.ownerOf({ provider: 'google', id: LOCAL_GOOGLE_ACCOUNT });
      expect(userId).not.toBeNull();
      expect(await getRuntime().store.profiles.get(userId!)).toMatchObject({ timeZone: 'Asia/Tokyo', ownerEmails: [LOCAL_GOOGLE_ACCOUNT] });

      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL(/\/signin\?signed-out/);
      await expect(page.getByRole('status').textContent()).resolves.toContain('You are signed out.');
      expect((await context.cookies()).find((c) => c.name === 'rapport_session')).toBeUndefined();
      await page.goto(`${server.url}/app`);
      expect(new URL(page.url()).pathname).toBe('/signin');
      expect(blocked).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
