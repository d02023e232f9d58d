import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.js';
import { startTestApp, type TestApp } from '../support/app-server.js';
import { axeFindings, computedStyle, DESKTOP, expectMainContentVisible, expectNoSeriousAxeViolations, expectNoSidewaysScroll, PHONE } from './page-checks.js';
import { LONG_EMAIL, startPageTour, type PageTour } from './page-tour.js';

/**
 * Every page a person opens, in real headless Chromium: on a phone (375×812) nothing scrolls
 * sideways and the main content is on screen; on a phone and on a desktop axe-core finds no
 * serious or critical violation. The pages carry the awkward data that breaks layouts: a very
 * long address, a long link in a note, names with markup.
 */

let browser: Browser;
let context: BrowserContext;
let tour: PageTour;
beforeAll(async () => {
  [browser, tour] = await Promise.all([launchBrowser(), startPageTour()]);
  // One context for the file: closing a context takes down this single-process Chromium build.
  context = await browser.newContext();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await tour?.world.app.close();
});

async function open(path: string, viewport: { width: number; height: number }, app: TestApp = tour.world.app): Promise<Page> {
  const page = await context.newPage();
  await page.setViewportSize(viewport);
  const response = await page.goto(`${app.url}${path}`);
  expect(response, `no answer for ${path}`).not.toBeNull();
  // Guest pages reload once with the browser's zone in the URL: check the page a guest ends on.
  if (path.startsWith('/book/') && response!.ok()) await page.waitForURL(/[?&]tz=/);
  return page;
}

const PAGES = ['dashboard', 'settings', 'review', 'contact', 'booking', 'manage', 'dashboard error', 'guest error'] as const;

describe('every page on a phone and a desktop', () => {
  it.each(PAGES)('the %s page fits 375 px without sideways scrolling, shows its content, and passes axe', async (name) => {
    const path = tour.paths[name]!;
    const phone = await open(path, PHONE);
    try {
      await expectNoSidewaysScroll(phone);
      await expectMainContentVisible(phone);
      await expectNoSeriousAxeViolations(phone);
    } finally {
      await phone.close();
    }
    const desktop = await open(path, DESKTOP);
    try {
      await expectNoSidewaysScroll(desktop);
      await expectNoSeriousAxeViolations(desktop);
    } finally {
      await desktop.close();
    }
  }, 90_000);

  it('the dashboard, whose contacts table needs the most room, fits a small phone and tablets too', async () => {
    for (const width of [320, 820, 1024]) {
      const page = await open(tour.paths.dashboard!, { width, height: 900 });
      try {
        await expectNoSidewaysScroll(page);
      } finally {
        await page.close();
      }
    }
  }, 90_000);

  it('on a phone, each table row is a card whose cells are led by their column names', async () => {
    const page = await open(tour.paths.dashboard!, PHONE);
    try {
      const row = page.locator(`tr[data-email="${LONG_EMAIL}"]`);
      await expect(computedStyle(row, 'display')).resolves.toBe('block');
      await expect(computedStyle(row.locator('td[data-label="Next due"]'), 'content', '::before')).resolves.toBe('"Next due"');
      // The column headers stay for screen readers, out of sight, and the table stays a table to them.
      await expect(page.locator('section[aria-labelledby="contacts"] thead th').count()).resolves.toBe(6);
      await expect(page.getByRole('table', { name: 'Most overdue first' }).getByRole('columnheader', { name: 'Due since' }).count()).resolves.toBe(1);
      const head = (await page.locator('section[aria-labelledby="contacts"] thead').boundingBox())!;
      expect(head.width * head.height).toBeLessThanOrEqual(1);
    } finally {
      await page.close();
    }
  }, 90_000);
});

describe('the accessibility check itself', () => {
  it('reports a field without a label and an image without a text alternative, so a pass means something', async () => {
    const page = await open(tour.paths.review!, PHONE);
    try {
      // Page content added by the test, not by the product: the check must see it.
      await page.evaluate(`document.querySelector('main').insertAdjacentHTML('beforeend', '<input name="x"><img src="data:,">')`);
      const findings = await axeFindings(page);
      expect(findings.map((f) => `${f.id}:${f.impact}`)).toEqual(expect.arrayContaining(['label:critical', 'image-alt:critical']));
    } finally {
      await page.close();
    }
  }, 90_000);
});

describe('the contact list without JavaScript, on a phone', () => {
  it('searches and filters with the form, lands on the list, and the form keeps its state', async () => {
    // Kept open to the end of the file: closing a context takes down this Chromium build.
    const noScript = await browser.newContext({ javaScriptEnabled: false, viewport: PHONE });
    const page = await noScript.newPage();
    try {
      await page.goto(`${tour.world.app.url}/app`);
      const form = page.getByRole('search', { name: 'Contacts' });
      await form.getByLabel('Name or address').fill('featherstonehaugh');
      await form.getByLabel('Tier').selectOption('keep-warm');
      await form.getByLabel('Due now').check();
      await form.getByRole('button', { name: 'Show contacts' }).click();
      await page.waitForURL(/\/app\?q=featherstonehaugh&tier=keep-warm&due=1#contacts$/);

      const rows = await page.locator('section[aria-labelledby="contacts"] tbody tr').all();
      await expect(Promise.all(rows.map((row) => row.getAttribute('data-email')))).resolves.toEqual([LONG_EMAIL]);
      await expect(page.locator('#contacts').textContent()).resolves.toBe('Contacts (1 of 5)');
      await expect(form.getByLabel('Name or address').inputValue()).resolves.toBe('featherstonehaugh');
      await expect(form.getByLabel('Tier').inputValue()).resolves.toBe('keep-warm');
      await expect(form.getByLabel('Due now').isChecked()).resolves.toBe(true);
      await expect(form.getByLabel(/New \(first met/).isChecked()).resolves.toBe(false);
      await expectNoSidewaysScroll(page);

      await form.getByRole('link', { name: 'Show everyone' }).click();
      await expect(page.locator('#contacts').textContent()).resolves.toBe('Contacts (5)');
    } finally {
      await page.close();
    }
  }, 90_000);
});

describe('the sign-in page (cloud mode)', () => {
  const ENV = ['RAPPORT_AUTH', 'RAPPORT_GOOGLE_CLIENT_ID', 'RAPPORT_GOOGLE_CLIENT_SECRET'];
  let cloud: TestApp;
  beforeAll(async () => {
    Object.assign(process.env, { RAPPORT_AUTH: 'session', RAPPORT_GOOGLE_CLIENT_ID: 'test-client', RAPPORT_GOOGLE_CLIENT_SECRET: 'test-secret' });
    cloud = await startTestApp({ now: '2026-11-23T12:00:00.000Z' });
  }, 90_000);
  afterAll(async () => {
    await cloud?.close();
    for (const name of ENV) delete process.env[name];
  });

  it('fits 375 px without sideways scrolling, shows its content, and passes axe on a phone and a desktop', async () => {
    for (const viewport of [PHONE, DESKTOP]) {
      const page = await open('/signin', viewport, cloud);
      try {
        await expect(page.getByRole('link', { name: 'Sign in with Google' }).count()).resolves.toBe(1);
        await expectNoSidewaysScroll(page);
        await expectMainContentVisible(page);
        await expectNoSeriousAxeViolations(page);
      } finally {
        await page.close();
      }
    }
  }, 90_000);
});
