import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_COFFEE_SETTINGS } from '../../../lib/core/domain/coffee.js';
import { bookingDepsOf } from '../../../lib/services/deps.js';
import { proposeForUser } from '../../../lib/services/propose.js';
import { TEST_SETTINGS, type TestApp } from '../../support/app-server.js';
import { startGoogleApp, type GoogleApp } from '../../support/google.js';
import { dueContact, openGuestPage } from './booking-scenario.js';

/**
 * A host on Google Calendar who chose Google Meet: the booking creates the event with a Meet
 * (through the real client and the fake), and the guest's confirmation shows the real link.
 */

const NOW = '2026-11-23T12:00:00.000Z';
const HOST = 'alex@example.com';
let google: GoogleApp;
let app: TestApp;

beforeAll(async () => {
  google = await startGoogleApp({ now: NOW });
  app = google.app;
  google.fake.addAccount(HOST);
  const start = await fetch(`${app.url}/oauth/google/start`, { redirect: 'manual' });
  const cookie = start.headers.getSetCookie().find((c) => c.startsWith('rapport_oauth_google='))!.split(';')[0]!;
  const consent = await fetch(start.headers.get('location')!, { redirect: 'manual' });
  const back = new URL(consent.headers.get('location')!);
  expect((await fetch(`${app.url}${back.pathname}${back.search}`, { redirect: 'manual', headers: { cookie } })).status).toBe(303);
  const settings = await app.runtime.store.profiles.get(app.userId);
  await app.runtime.store.profiles.put(app.userId, { ...TEST_SETTINGS, ownerEmails: settings!.ownerEmails, displayName: 'Alex Morgan', coffee: { ...DEFAULT_COFFEE_SETTINGS, meeting: 'google-meet', location: '' } });
});
afterAll(() => google.close());

async function propose(email: string) {
  await app.runtime.store.contacts.putMany(app.userId, [dueContact(email, 'Jane')]);
  const report = await proposeForUser(bookingDepsOf(app.runtime), app.userId, NOW);
  const coffee = report.created.find((c) => c.contactEmail === email)!;
  return { ...coffee, link: `${app.url}/book/${coffee.link.slice(coffee.link.lastIndexOf('/') + 1)}` };
}

describe('Google Meet for a Google host', () => {
  it('before booking says the link is made when the guest books; after, the confirmation shows the Meet link Google made', async () => {
    const coffee = await propose('jane@example.com');
    const page = await openGuestPage(`${coffee.link}?tz=Asia%2FTokyo`);
    expect(page.html).toContain('Google Meet video call (its link is made when you book)');

    const response = await fetch(coffee.link, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ start: coffee.slots[0]!.start }) });
    expect(response.status).toBe(201);
    const { event, manageUrl } = (await response.json()) as { event: { id: string; location: string }; manageUrl: string };
    const made = google.fake.calendar(HOST).events.get(event.id)!.event;
    expect(made.hangoutLink).toMatch(/^https:\/\/meet\.google\.com\//);
    expect(event.location).toBe(made.hangoutLink);
    expect(made.summary).toBe('Coffee: Jane and Alex Morgan');

    const manage = await openGuestPage(`${app.url}${new URL(manageUrl).pathname}`);
    expect(manage.html).toContain(`Google Meet video call: <a href="${made.hangoutLink}"`);
    expect((await app.runtime.store.proposals.get(app.userId, coffee.proposalId))?.booking?.meetingUrl).toBe(made.hangoutLink);
  });

  it('a booking whose link was not kept (made by a later run after a crash) has it read back from Google for its page', async () => {
    const coffee = await propose('omar@example.com');
    const response = await fetch(coffee.link, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ start: coffee.slots[0]!.start }) });
    const { event, manageUrl } = (await response.json()) as { event: { id: string }; manageUrl: string };
    const stored = (await app.runtime.store.proposals.get(app.userId, coffee.proposalId))!;
    const { meetingUrl, ...withoutLink } = stored.booking!;
    await app.runtime.store.proposals.save(app.userId, { ...stored, booking: withoutLink }, ['booked']);

    const manage = await openGuestPage(`${app.url}${new URL(manageUrl).pathname}`);
    const link = google.fake.calendar(HOST).events.get(event.id)!.event.hangoutLink!;
    expect(link).toBe(meetingUrl);
    expect(manage.html).toContain(`<a href="${link}"`);
    expect((await app.runtime.store.proposals.get(app.userId, coffee.proposalId))?.booking?.meetingUrl).toBe(link);
  });
});
