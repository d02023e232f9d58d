import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../lib/runtime/log.js';
import { serve, type RunningRapport } from '../../lib/local/serve.js';
import { launchBrowser } from '../support/browser.js';

/**
 * The dashboard as a user meets it: `serve()` is what `npm start` runs (DynamoDB Local with
 * files under the data folder, the sample calendar, the same handlers as Lambda), driven by
 * real headless Chromium.
 */
const dataDir = mkdtempSync(join(tmpdir(), 'rapport-browser-'));
const start = () => serve({ dataDir, port: 0, host: '127.0.0.1', sweepMinutes: 15, out: () => {}, logger: silentLogger });

let browser: Browser;
let server: RunningRapport;
beforeAll(async () => {
  // Side by side: each mostly waits for its own process (Chromium, DynamoDB Local) to start.
  [browser, server] = await Promise.all([launchBrowser(), start()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('dashboard in Chromium', () => {
  it('changes a tier, and the change survives a reload and a restart', async () => {
    const page = await browser.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    try {
      await page.goto(`${server.url}/app`);
      await expect(page.title()).resolves.toContain('Dashboard');
      const tom = page.locator('tr[data-email="tom@okafor-design.example"]');
      await expect(tom.locator('select[name="tier"]').inputValue()).resolves.toBe('close');

      await tom.getByLabel('Tier for tom@okafor-design.example').selectOption('keep-warm');
      await tom.getByRole('button', { name: 'Save tier' }).click();
      await page.waitForURL(/saved/);
      await expect(page.getByRole('status').textContent()).resolves.toContain('Saved');

      await page.reload();
      await expect(page.locator('tr[data-email="tom@okafor-design.example"] select[name="tier"]').inputValue()).resolves.toBe('keep-warm');

      // A name from a calendar is text, never markup: it shows literally and runs nothing.
      const sam = page.locator('tr[data-email="sam.rivera@quillsecurity.example"] strong');
      await expect(sam.textContent()).resolves.toBe('<script>alert(1)</script>');
      await expect(page.locator('section[aria-labelledby="met"]').getByText('<script>alert(1)</script>').count()).resolves.toBeGreaterThan(0);
      expect(dialogs).toEqual([]);

      await server.stop();
      server = await start();
      await page.goto(`${server.url}/app`);
      await expect(page.locator('tr[data-email="tom@okafor-design.example"] select[name="tier"]').inputValue()).resolves.toBe('keep-warm');
    } finally {
      await page.close();
    }
  }, 120_000);
});
