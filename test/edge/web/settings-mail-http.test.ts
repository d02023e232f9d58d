import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_COFFEE_SETTINGS, formatCoffeeWindow } from '../../../lib/core/domain/coffee.js';
import { postForm, startTestApp, type TestApp } from '../../support/app-server.js';

/** The Email part of /app/settings over real HTTP on DynamoDB Local. */

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ now: '2026-12-03T12:00:00.000Z' });
});
afterAll(() => app.close());

async function openSettings(): Promise<{ cookie: string; token: string; html: string }> {
  const response = await fetch(`${app.url}/app/settings`);
  const html = await response.text();
  return { cookie: (response.headers.get('set-cookie') ?? '').split(';')[0]!, token: /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? '', html };
}

/** The whole form as the page sends it, with `overrides`. */
function formWith(token: string, overrides: Record<string, string | undefined>): Record<string, string> {
  const coffee = DEFAULT_COFFEE_SETTINGS;
  const fields: Record<string, string | undefined> = {
    csrf: token,
    ownerEmails: 'alex@northwind.example',
    timeZone: 'Europe/London',
    windows: coffee.windows.map(formatCoffeeWindow).join('\n'),
    ...Object.fromEntries(['durationMinutes', 'stepMinutes', 'bufferBeforeMinutes', 'bufferAfterMinutes', 'minimumNoticeHours', 'horizonDays', 'maxPerDay', 'maxPerWeek', 'optionsPerProposal', 'linkLifetimeDays', 'proposalHour'].map((k) => [k, String(coffee[k as keyof typeof coffee])])),
    location: coffee.location,
    mailFields: '1',
    digest: 'on',
    digestWeekday: 'mon',
    digestHour: '8',
    followUpMail: 'on',
    ...overrides,
  };
  return Object.fromEntries(Object.entries(fields).filter((e): e is [string, string] => e[1] !== undefined));
}

describe('the email settings', () => {
  it('shows the defaults: digest on, Monday 08:00, follow-up on, auto-send off', async () => {
    const { html } = await openSettings();
    expect(html).toMatch(/id="digest" name="digest" checked/);
    expect(html).toMatch(/<option value="mon" selected>Monday<\/option>/);
    expect(html).toContain('name="digestHour" type="number" min="0" max="23" inputmode="numeric" size="3" value="8"');
    expect(html).toMatch(/id="autoSendLink" name="autoSendLink">/);
  });

  it('saves a new weekday and hour, turns the digest off and auto-send on', async () => {
    const { cookie, token } = await openSettings();
    const saved = await postForm(`${app.url}/app/settings`, formWith(token, { digest: undefined, digestWeekday: 'fri', digestHour: '17', autoSendLink: 'on' }), cookie);
    expect(saved.status).toBe(303);
    expect((await app.runtime.store.profiles.get(app.userId))?.mail).toEqual({ digest: false, digestWeekday: 'fri', digestHour: 17, followUpMail: true, autoSendLink: true });
  });

  it('refuses an hour that is not one, with a sentence, and keeps what was saved', async () => {
    const before = (await app.runtime.store.profiles.get(app.userId))?.mail;
    const { cookie, token } = await openSettings();
    const refused = await postForm(`${app.url}/app/settings`, formWith(token, { digestHour: '24', digestWeekday: 'someday' }), cookie);
    expect(refused.status).toBe(400);
    const page = await refused.text();
    expect(page).toContain('mail.digestHour must be at most 23 hours');
    expect(page).toContain('mail.digestWeekday must be one of mon, tue, wed, thu, fri, sat, sun');
    expect((await app.runtime.store.profiles.get(app.userId))?.mail).toEqual(before);
  });

  it('a form without the email fields (an older page) leaves the email settings as they were', async () => {
    const before = (await app.runtime.store.profiles.get(app.userId))?.mail;
    const { cookie, token } = await openSettings();
    const saved = await postForm(`${app.url}/app/settings`, formWith(token, { mailFields: undefined, digest: undefined, digestWeekday: undefined, digestHour: undefined, followUpMail: undefined }), cookie);
    expect(saved.status).toBe(303);
    expect((await app.runtime.store.profiles.get(app.userId))?.mail).toEqual(before);
  });
});
