import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLES_DIR } from '../../lib/local/local-runtime.js';
import { SAMPLE_ANCHOR } from '../../lib/local/sample-calendar.js';
import { syncUser } from '../../lib/services/sync.js';
import { parseUserSettings } from '../../lib/services/settings-schema.js';
import { launchBrowser } from '../support/browser.js';
import { startTestApp, type TestApp } from '../support/app-server.js';

/**
 * The next-day follow-up in real headless Chromium, on the sample calendar as written (its
 * "now" is SAMPLE_ANCHOR, fixed here, so the test does not depend on today's date): the
 * London Founders Meetup on Saturday yields follow-up prompts on Monday; the user puts two
 * people in a tier, dismisses one, sends one follow-up, writes a note, and after a reload sees
 * the note next to the contact on the due list.
 */

let browser: Browser;
let context: BrowserContext;
let app: TestApp;
beforeAll(async () => {
  const settings = parseUserSettings(JSON.parse(readFileSync(join(EXAMPLES_DIR, 'settings.json'), 'utf8')), 'examples/settings.json');
  [browser, app] = await Promise.all([launchBrowser(), startTestApp({ now: SAMPLE_ANCHOR, settings })]);
  // One context for both tests: `browser.newPage()` pages own their context, and closing
  // that takes down this single-process Chromium build.
  context = await browser.newContext();
  await app.runtime.store.connections.create(app.userId, {
    id: 'sample',
    kind: 'ics',
    label: 'Sample calendar',
    source: join(EXAMPLES_DIR, 'sample-calendar.ics'),
    cursor: null,
    status: 'ok',
    createdAt: SAMPLE_ANCHOR,
  });
  await syncUser(app.runtime, app.userId, SAMPLE_ANCHOR);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

const MEETUP = 'London Founders Meetup – November';
const item = (email: string) => `li[data-follow-up="${email}"]`;

describe('follow-ups in Chromium', () => {
  it('the meetup yields prompts; two people go into a tier, one is dismissed, and a note shows on the due list after a reload', async () => {
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    try {
      await page.goto(`${app.url}/app`);
      const followUps = page.locator('section[aria-labelledby="follow-ups"] li[data-follow-up]');
      // 36 people first met at the meetup, and Lena from this morning's coffee.
      await expect(followUps.count()).resolves.toBe(37);
      const nadia = page.locator(item('nadia@londonfounders.example'));
      await expect(nadia.locator('em').textContent()).resolves.toBe(MEETUP);
      const send = nadia.getByRole('link', { name: 'Send follow-up to Nadia Hussein' });
      const href = (await send.getAttribute('href'))!;
      const mailto = new URL(href);
      expect(mailto.protocol).toBe('mailto:');
      expect(mailto.pathname).toBe('nadia@londonfounders.example');
      expect(mailto.searchParams.get('subject')).toBe(`Good to meet you at ${MEETUP}`);
      expect(mailto.searchParams.get('body')).toContain(`Hi Nadia,\r\n\r\nIt was good to meet you at ${MEETUP}.`);

      // Two people into a tier, one step each.
      await page.locator(item('amara@brightloop.example')).getByRole('button', { name: 'Add to keep-warm' }).click();
      await page.waitForURL(/\?saved#follow-ups$/);
      await page.locator(item('ben@tallyho.example')).getByRole('button', { name: 'Add to acquaintance' }).click();
      await page.waitForURL(/\?saved#follow-ups$/);
      // One dismissed.
      await page.locator(item('dev@patel.example')).getByRole('button', { name: 'Dismiss' }).click();
      await page.waitForURL(/\?saved#follow-ups$/);
      await expect(followUps.count()).resolves.toBe(34);
      for (const gone of ['amara@brightloop.example', 'ben@tallyho.example', 'dev@patel.example']) {
        await expect(page.locator(item(gone)).count()).resolves.toBe(0);
      }
      await expect(page.locator('tr[data-email="amara@brightloop.example"] select[name="tier"]').inputValue()).resolves.toBe('keep-warm');
      await expect(page.locator('tr[data-email="ben@tallyho.example"] select[name="tier"]').inputValue()).resolves.toBe('acquaintance');
      await expect(page.locator('tr[data-email="dev@patel.example"] select[name="tier"]').inputValue()).resolves.toBe('none');

      // A note about Maya, who is due, written in the contacts table.
      const maya = page.locator('tr[data-email="maya.chen@bluepeak.example"]');
      await maya.getByLabel('Note about maya.chen@bluepeak.example').fill('Back from Lisbon <3; ask about the new team');
      await maya.getByRole('button', { name: 'Save note' }).click();
      await page.waitForURL(/\?saved#contacts$/);
      await page.reload();
      const dueRow = page.locator('tr[data-due-email="maya.chen@bluepeak.example"]');
      await expect(dueRow.locator('.last-note').textContent()).resolves.toBe('Note: Back from Lisbon <3; ask about the new team');
      await expect(page.locator('tr[data-email="maya.chen@bluepeak.example"] .last-note').textContent()).resolves.toBe(
        'Note: Back from Lisbon <3; ask about the new team',
      );
      expect(problems).toEqual([]);
    } finally {
      // Pages, not contexts: closing a context takes down this single-process Chromium build.
      await page.close();
    }
    const stored = await app.runtime.store.contacts.get(app.userId, 'dev@patel.example');
    expect(stored).toMatchObject({ tier: null, followUpDoneAt: SAMPLE_ANCHOR });
  }, 120_000);

  it('“Send follow-up” opens the draft and marks the follow-up done in one click; an edited draft goes into the link', async () => {
    const page = await context.newPage();
    try {
      await page.goto(`${app.url}/app`);
      const grace = page.locator(item('grace@lumen.example'));
      await grace.locator('summary').click();
      await grace.getByLabel('Follow-up draft to Grace Liu').fill('Hi Grace,\nLovely to meet you & talk shop.');
      const send = grace.getByRole('link', { name: 'Send follow-up to Grace Liu' });
      const body = new URL((await send.getAttribute('href'))!).searchParams.get('body');
      expect(body).toBe('Hi Grace,\r\nLovely to meet you & talk shop.');
      // Copy draft: the clipboard when the browser allows it, else the draft is selected to copy by hand.
      await grace.getByRole('button', { name: 'Copy draft' }).click();
      // The clipboard answers asynchronously: wait for the status rather than read it once, with
      // the test's own time as the only limit (a busy machine may take seconds to answer).
      await expect.poll(() => grace.locator('[data-status]').textContent(), { timeout: 60_000 }).toMatch(/^(Draft copied\.|Draft selected: press Ctrl\+C \(or Cmd\+C\) to copy it\.)$/);
      await send.click();
      await page.waitForURL(/\?saved#follow-ups$/);
      await expect(page.locator(item('grace@lumen.example')).count()).resolves.toBe(0);
    } finally {
      await page.close();
    }
    expect((await app.runtime.store.contacts.get(app.userId, 'grace@lumen.example'))?.followUpDoneAt).toBe(SAMPLE_ANCHOR);
  }, 60_000);
});
