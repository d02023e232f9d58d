import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_MAILBOX } from '../../lib/local/graph-fake/sample-mailbox.js';
import { serve, type RunningRapport } from '../../lib/local/serve.js';
import { silentLogger } from '../../lib/runtime/log.js';
import { getRuntime } from '../../lib/runtime/runtime.js';
import { launchBrowser } from '../support/browser.js';
import { testCertificate } from '../support/test-tls.js';

/**
 * "Connect Outlook" as a person clicks it: `serve()` with the local Microsoft fake (what
 * `RAPPORT_MICROSOFT_FAKE=1 npm start` runs), driven by real headless Chromium through the
 * fake's sign-in page and back, with the real MSAL redeeming the code over TLS. The browser
 * itself only ever sees http pages: the sign-in page is on the fake's loopback http origin.
 */
const dataDir = mkdtempSync(join(tmpdir(), 'rapport-outlook-browser-'));
const MICROSOFT_ENV = ['RAPPORT_MICROSOFT_CLIENT_ID', 'RAPPORT_MICROSOFT_CLIENT_SECRET', 'RAPPORT_MICROSOFT_AUTHORITY_HOST', 'RAPPORT_GRAPH_ROOT'];

let browser: Browser;
let context: BrowserContext;
let server: RunningRapport;
beforeAll(async () => {
  [browser, server] = await Promise.all([
    launchBrowser(),
    serve({ dataDir, port: 0, host: '127.0.0.1', sweepMinutes: 15, out: () => {}, logger: silentLogger, microsoftFake: { tls: testCertificate() } }),
  ]);
  // One context for every test: closing a `browser.newPage()` page closes its own context,
  // which takes down this single-process Chromium build.
  context = await browser.newContext();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  for (const name of MICROSOFT_ENV) delete process.env[name];
});

const outlookConnections = async () => (await getRuntime().store.connections.list(getRuntime().config.localUserId)).filter((c) => c.kind === 'microsoft');

describe('Connect Outlook in Chromium', () => {
  it('Cancel on the sign-in page comes back to the dashboard with nothing connected', async () => {
    const page = await context.newPage();
    try {
      await page.goto(`${server.url}/app`);
      await page.getByRole('link', { name: 'Connect Outlook / Microsoft 365' }).click();
      await page.getByRole('button', { name: 'Cancel' }).click();
      await page.waitForURL(/\/app\?outlook-declined/);
      await expect(page.getByRole('status').textContent()).resolves.toContain('Outlook was not connected');
      expect(await outlookConnections()).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('signs in with Allow, comes back connected, and Sync now makes the mailbox’s people contacts', async () => {
    const page = await context.newPage();
    try {
      await page.goto(`${server.url}/app`);
      await page.getByRole('link', { name: 'Connect Outlook / Microsoft 365' }).click();
      await page.waitForURL(/\/common\/oauth2\/v2\.0\/authorize\?/);
      await expect(page.getByRole('heading', { name: 'Permissions requested' }).isVisible()).resolves.toBe(true);
      await expect(page.locator('main').textContent()).resolves.toContain(`Signed in as ${SAMPLE_MAILBOX.name} (${SAMPLE_MAILBOX.email})`);
      await page.getByRole('button', { name: 'Allow' }).click();

      await page.waitForURL(/\/app\?outlook-connected/);
      await expect(page.getByRole('status').textContent()).resolves.toContain('Outlook is connected');
      const calendars = page.locator('section[aria-labelledby="calendars"]');
      await expect(calendars.textContent()).resolves.toContain(`Outlook (${SAMPLE_MAILBOX.email})`);
      expect(await outlookConnections()).toEqual([expect.objectContaining({ status: 'ok', account: SAMPLE_MAILBOX.email })]);

      await page.getByRole('button', { name: 'Sync now' }).click();
      await page.waitForURL(/\/app\?synced/);
      // Yesterday's coffee with Inês and the lunch Kenji organised are meetings; so is the design
      // review, with its two people and without its room. The call Alex declined is not.
      const contacts = page.locator('section[aria-labelledby="contacts"]');
      for (const name of ['Inês Carvalho', 'Kenji Watanabe', 'Lukas Brandt', 'Ingrid Solberg']) await expect(contacts.textContent()).resolves.toContain(name);
      await expect(contacts.textContent()).resolves.not.toContain('Noor Haddad');
      const met = page.locator('section[aria-labelledby="met"]');
      await expect(met.textContent()).resolves.toContain('Intro call: security audit');
      const userId = getRuntime().config.localUserId;
      const emails = (await getRuntime().store.contacts.list(userId)).map((c) => c.email);
      expect(emails).toEqual(expect.arrayContaining(['ines.carvalho@lisboa-ventures.example', 'kenji@harborline.example', 'lukas.brandt@northwind.example', 'ingrid.solberg@fernleaf.example']));
      expect(emails).not.toContain('room-4.12@northwind.example');
    } finally {
      await page.close();
    }
  });

  it('proposes into the Outlook mailbox once it is connected: the holds come back through delta sync', async () => {
    const userId = getRuntime().config.localUserId;
    const [outlook] = await outlookConnections();
    // Kenji is due once his cadence is a day: he was met two days ago.
    const due = await fetch(`${server.url}/api/contacts/${encodeURIComponent('kenji@harborline.example')}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ cadenceDays: 1 }),
    });
    expect(due.status).toBe(200);
    const page = await context.newPage();
    try {
      await page.goto(`${server.url}/app`);
      await page.getByRole('button', { name: 'Propose coffees now' }).click();
      await page.waitForLoadState();
      const proposal = (await getRuntime().store.proposals.list(userId)).find((p) => p.contactEmail === 'kenji@harborline.example');
      expect(proposal).toMatchObject({ calendarId: outlook!.id });

      await page.getByRole('button', { name: 'Sync now' }).click();
      await page.waitForURL(/\/app\?synced/);
      const holds = (await getRuntime().store.events.listByConnection(userId, outlook!.id)).filter((e) => e.rapportHold);
      expect(holds.length).toBe(proposal!.slots.length);
    } finally {
      await page.close();
    }
  });
});
