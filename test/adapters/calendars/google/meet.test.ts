import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertEvent, newFakeCalendar } from '../../../../lib/local/google-fake/calendars.js';
import { startGoogleWorldOnFreshTable, type GoogleWorld } from '../../../support/google.js';

/** Google Meet links made with a coffee's event, through the real @googleapis/calendar client and the local fake. */

const NOW = '2026-11-23T12:00:00.000Z';
const INSERT = /\/calendars\/[^/]+\/events$/;

let world: GoogleWorld;

beforeAll(async () => {
  ({ world } = await startGoogleWorldOnFreshTable(NOW));
});
afterAll(() => world.close());

async function writerFor(email: string) {
  const { userId, connection } = await world.connectNewUser(email);
  return world.open(userId, connection);
}

const coffee = (email: string, id: string) => ({
  id,
  proposalId: 'prop-meet',
  start: '2026-12-01T09:00:00.000Z',
  end: '2026-12-01T09:30:00.000Z',
  title: 'Coffee: Jane and Alex Morgan',
  organizer: { email, name: 'Alex Morgan' },
  guest: { email: 'jane@example.com', name: 'Jane' },
});

describe('Google Meet for a booked coffee', () => {
  it('asks for a Meet with conferenceDataVersion=1 and a createRequest keyed by the event id, and returns the link Google made', async () => {
    const email = 'meet@example.com';
    const calendar = await writerFor(email);
    const created = await calendar.createEvent({ ...coffee(email, 'coffeemeet0001'), videoMeeting: 'google-meet' });

    const insert = world.fake.requests.find((r) => r.method === 'POST' && INSERT.test(r.path) && (r.body as { id?: string }).id === 'coffeemeet0001')!;
    expect(insert.query.get('conferenceDataVersion')).toBe('1');
    expect((insert.body as { conferenceData?: unknown }).conferenceData).toEqual({ createRequest: { requestId: 'coffeemeet0001', conferenceSolutionKey: { type: 'hangoutsMeet' } } });
    const stored = world.fake.calendar(email).events.get('coffeemeet0001')!.event;
    expect(created).toEqual({ meetingUrl: stored.hangoutLink });
    expect(created?.meetingUrl).toMatch(/^https:\/\/meet\.google\.com\/[a-z]{3}-[a-z]{4}-[a-z]{3}$/);
    expect(stored.attendees?.[0]).toMatchObject({ email, displayName: 'Alex Morgan', organizer: true });
  });

  it('a retried create (409: the event is there) reads the same link back and makes no second meeting', async () => {
    const email = 'meet-retry@example.com';
    const calendar = await writerFor(email);
    const first = await calendar.createEvent({ ...coffee(email, 'coffeemeet0002'), videoMeeting: 'google-meet' });
    const again = await calendar.createEvent({ ...coffee(email, 'coffeemeet0002'), videoMeeting: 'google-meet' });
    expect(again).toEqual(first);
    expect(await calendar.meetingLinkOf!('coffeemeet0002')).toBe(first!.meetingUrl);
    expect([...world.fake.calendar(email).events.values()]).toHaveLength(1);
  });

  it('keeps its link when the coffee is moved', async () => {
    const email = 'meet-move@example.com';
    const calendar = await writerFor(email);
    const created = await calendar.createEvent({ ...coffee(email, 'coffeemeet0003'), videoMeeting: 'google-meet' });
    await calendar.moveEvent('coffeemeet0003', '2026-12-02T09:00:00.000Z', '2026-12-02T09:30:00.000Z');
    expect(await calendar.meetingLinkOf!('coffeemeet0003')).toBe(created!.meetingUrl);
  });

  it('without a Meet asked for, sends no conference data and Google makes no link', async () => {
    const email = 'no-meet@example.com';
    const calendar = await writerFor(email);
    expect(await calendar.createEvent({ ...coffee(email, 'coffeeplace001'), location: 'The Corner Café' })).toEqual({});
    const insert = world.fake.requests.find((r) => r.method === 'POST' && (r.body as { id?: string }).id === 'coffeeplace001')!;
    expect(insert.query.get('conferenceDataVersion')).toBeNull();
    expect(world.fake.calendar(email).events.get('coffeeplace001')!.event).toMatchObject({ location: 'The Corner Café' });
    expect(world.fake.calendar(email).events.get('coffeeplace001')!.event.hangoutLink).toBeUndefined();
  });

  it('the fake, like Google, ignores conference data sent without conferenceDataVersion=1', () => {
    const calendar = newFakeCalendar('v0@example.com', 'v0@example.com', true);
    const body = { id: 'versionnul01', start: { dateTime: NOW }, end: { dateTime: NOW }, conferenceData: { createRequest: { requestId: 'x', conferenceSolutionKey: { type: 'hangoutsMeet' } } } };
    const ignored = insertEvent(calendar, body, NOW, () => 'unused', 0);
    expect(ignored.hangoutLink).toBeUndefined();
    expect(ignored.conferenceData).toBeUndefined();
    const made = insertEvent(calendar, { ...body, id: 'versionone001' }, NOW, () => 'unused', 1);
    expect(made.conferenceData).toMatchObject({ createRequest: { status: { statusCode: 'success' } }, entryPoints: [{ entryPointType: 'video', uri: made.hangoutLink }] });
  });
});
