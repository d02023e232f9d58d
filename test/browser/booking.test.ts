import { DateTime } from 'luxon';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { suggestionsFeedUrl } from '../../lib/adapters/calendars/rapport/feed.js';
import { setRuntime } from '../../lib/runtime/runtime.js';
import { syncUser } from '../../lib/services/sync.js';
import { launchBrowser } from '../support/browser.js';
import { startBookingWorld, type BookingWorld } from '../edge/web/booking-scenario.js';

/**
 * A guest in India books a coffee with a host in London, in real headless Chromium: the page
 * finds the guest's zone itself, the times read right where the guest is, and the coffee then
 * closes the loop on the host's side (the invitation on their calendar, and once it has
 * happened, a meeting that restarts the contact's cadence).
 */

let browser: Browser;
let world: BookingWorld;
beforeAll(async () => {
  [browser, world] = await Promise.all([launchBrowser(), startBookingWorld()]);
});
afterAll(async () => {
  await browser?.close();
  await world?.app.close();
});

/** The label a person in `zone` should read, computed here with luxon, independently of the page code. */
function expectedLabel(slot: { start: string; end: string }, zone: string, zoneName: string): string {
  const start = DateTime.fromISO(slot.start, { zone }).setLocale('en-GB');
  const end = DateTime.fromISO(slot.end, { zone }).setLocale('en-GB');
  return `${start.toFormat('ccc d LLL, HH:mm')}–${end.toFormat('HH:mm')} (${zoneName})`;
}

describe('booking in Chromium', () => {
  it('a guest in Asia/Kolkata sees IST times, books by keyboard, and the coffee closes the loop', async () => {
    const coffee = await world.propose('priya@example.in', 'Priya');
    const context = await browser.newContext({ timezoneId: 'Asia/Kolkata', locale: 'en-IN' });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(e.message));
    try {
      await page.goto(coffee.link);
      // The inline script (allowed by the CSP nonce) put the browser's zone in the URL.
      await page.waitForURL(/[?&]tz=Asia%2F(Kolkata|Calcutta)$/);
      const pick = coffee.slots[1]!;
      const label = expectedLabel(pick, 'Asia/Kolkata', 'India Standard Time');
      await expect(page.getByText(label).count()).resolves.toBe(1);

      // Keyboard only: arrows move within the radio group, Tab reaches the fields, Enter submits.
      await page.getByLabel(expectedLabel(coffee.slots[0]!, 'Asia/Kolkata', 'India Standard Time')).focus();
      await page.keyboard.press('ArrowDown');
      await expect(page.getByLabel(label).isChecked()).resolves.toBe(true);
      // Keyboard users see where they are: the focused radio has the layout's focus ring.
      await expect(page.evaluate('getComputedStyle(document.activeElement).outlineStyle')).resolves.toBe('solid');
      await page.keyboard.press('Tab');
      await expect(page.evaluate('document.activeElement.id')).resolves.toBe('name');
      await page.keyboard.type('Priya Sharma');
      await page.keyboard.press('Enter');

      await page.waitForURL(/\/book\/manage\/[^?]+\?tz=Asia%2F(Kolkata|Calcutta)&booked=1$/);
      await expect(page.getByRole('status').textContent()).resolves.toContain('You are booked.');
      await expect(page.locator('dd strong').textContent()).resolves.toBe(label);
      await expect(page.getByRole('link', { name: 'Add to calendar (.ics file)' }).count()).resolves.toBe(1);
      expect(problems).toEqual([]);
    } finally {
      // Pages, not contexts: closing a context takes down this single-process Chromium build.
      await page.close();
    }

    // The host's side: the feed their calendar app subscribes to has the invitation and no hold.
    const { runtime, userId } = world.app;
    const settings = (await runtime.store.profiles.get(userId))!;
    const feedUrl = suggestionsFeedUrl(world.app.url, runtime.config.signingKey!, userId, settings);
    const feed = await (await fetch(feedUrl)).text();
    expect(feed.match(/BEGIN:VEVENT/g)).toHaveLength(1);
    expect(feed).toContain(`DTSTART:${DateTime.fromISO(coffee.slots[1]!.start).toUTC().toFormat("yyyyMMdd'T'HHmmss'Z'")}`);
    expect(feed).toContain('mailto:priya@example.in');
    expect(feed).not.toContain('X-RAPPORT-PROPOSAL');
    const calendar = await runtime.store.localCalendar.list(userId);
    expect(calendar.map((e) => e.kind)).toEqual(['coffee']);

    // After the coffee: a sync records the meeting and the cadence starts again from it.
    const afterCoffee = DateTime.fromISO(coffee.slots[1]!.end).plus({ hours: 2 }).toUTC().toISO()!;
    setRuntime({ ...runtime, now: () => afterCoffee });
    try {
      await syncUser(runtime, userId, afterCoffee);
    } finally {
      setRuntime(runtime);
    }
    const meetings = await runtime.store.meetings.list(userId);
    expect(meetings.filter((m) => m.with.includes('priya@example.in')).map((m) => m.start)).toEqual([coffee.slots[1]!.start]);
    const priya = await runtime.store.contacts.get(userId, 'priya@example.in');
    expect(priya?.lastMetAt).toBe(coffee.slots[1]!.start);
    // A close contact: due again 30 days after this coffee, not after the June meeting.
    expect(priya?.nextDueAt).toBe(DateTime.fromISO(coffee.slots[1]!.start).plus({ days: 30 }).toUTC().toISO());
  }, 120_000);

  it("without JavaScript the page shows the host's zone, says so, and the zone picker still works", async () => {
    const coffee = await world.propose('omar@example.com', 'Omar');
    const context = await browser.newContext({ timezoneId: 'Asia/Kolkata', javaScriptEnabled: false });
    const page = await context.newPage();
    try {
      await page.goto(coffee.link);
      expect(new URL(page.url()).searchParams.has('tz')).toBe(false);
      await expect(page.locator('#zone-shown').textContent()).resolves.toContain('(Europe/London), your host’s time zone');
      await expect(page.getByText(expectedLabel(coffee.slots[0]!, 'Europe/London', 'Greenwich Mean Time')).count()).resolves.toBe(1);

      await page.getByLabel('Your time zone').selectOption('America/New_York');
      await page.getByRole('button', { name: 'Show times in this zone' }).click();
      await page.waitForURL(/\?tz=America%2FNew_York$/);
      await expect(page.getByText(expectedLabel(coffee.slots[0]!, 'America/New_York', 'Eastern Standard Time')).count()).resolves.toBe(1);
      await expect(page.locator('input[type="hidden"][name="tz"]').inputValue()).resolves.toBe('America/New_York');
    } finally {
      // Pages, not contexts: closing a context takes down this single-process Chromium build.
      await page.close();
    }
  }, 120_000);
});
