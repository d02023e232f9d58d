import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMicrosoftCalendar } from '../../../../lib/adapters/calendars/microsoft/adapter.js';
import { storedConnectionRecords } from '../../../../lib/adapters/calendars/sources.js';
import type { Store } from '../../../../lib/core/ports/store.js';
import { startMicrosoftWorldOnFreshTable, type MicrosoftWorld } from './world.js';

/** Teams meetings made with a coffee's event, through the real Graph client and the local Graph server. */

let store: Store;
let world: MicrosoftWorld;

beforeAll(async () => {
  ({ store, world } = await startMicrosoftWorldOnFreshTable());
});
afterAll(() => world.close());

async function connected(email: string) {
  const userId = await world.connectNewUser(email);
  return createMicrosoftCalendar({ config: world.config, secrets: world.secrets, records: storedConnectionRecords(store), userId, connectionId: 'outlook', account: email });
}

const coffee = (email: string, id: string) => ({
  id,
  proposalId: 'p-teams',
  start: '2026-11-26T10:00:00.000Z',
  end: '2026-11-26T10:30:00.000Z',
  title: 'Coffee: Carol and Alex Morgan',
  organizer: { email, name: 'Alex Morgan' },
  guest: { email: 'carol@fabrikam.example', name: 'Carol' },
  videoMeeting: 'teams' as const,
});

const posts = (email: string) => world.server.graphRequests(/^POST \/v1.0\/me\/events$/).filter((r) => r.mailbox === email);

describe('a Teams meeting for a booked coffee', () => {
  it('asks for isOnlineMeeting with teamsForBusiness and returns onlineMeeting.joinUrl', async () => {
    const email = 'teams@contoso.example';
    const calendar = await connected(email);
    const created = await calendar.createEvent(coffee(email, 'coffee-t1'));
    const [event] = world.server.events(email);
    expect(event).toMatchObject({ isOnlineMeeting: true, onlineMeetingProvider: 'teamsForBusiness' });
    expect(created).toEqual({ meetingUrl: (event!.onlineMeeting as { joinUrl: string }).joinUrl });
    expect(created?.meetingUrl).toMatch(/^https:\/\/teams\.microsoft\.com\/l\/meetup-join\//);
    expect(posts(email)).toHaveLength(1);
  });

  it('a retried create (same transactionId) answers the existing event and its same link', async () => {
    const email = 'teams-retry@contoso.example';
    const calendar = await connected(email);
    const first = await calendar.createEvent(coffee(email, 'coffee-t2'));
    const again = await calendar.createEvent(coffee(email, 'coffee-t2'));
    expect(again).toEqual(first);
    expect(world.server.events(email)).toHaveLength(1);
    expect(await calendar.meetingLinkOf!('coffee-t2')).toBe(first!.meetingUrl);
  });

  it('a mailbox without Teams (a personal account) gets the event without a meeting, and no link is claimed', async () => {
    const email = 'personal@outlook.example';
    const calendar = await connected(email);
    world.server.setOnlineMeetingProviders(email, []);
    expect(await calendar.createEvent(coffee(email, 'coffee-t3'))).toEqual({});
    expect(world.server.events(email)[0]).toMatchObject({ isOnlineMeeting: false });
    expect(await calendar.meetingLinkOf!('coffee-t3')).toBeUndefined();
  });

  it('without Teams asked for, sends no online-meeting fields', async () => {
    const email = 'place@contoso.example';
    const calendar = await connected(email);
    const { videoMeeting: _none, ...plain } = coffee(email, 'coffee-t4');
    expect(await calendar.createEvent({ ...plain, location: 'The Corner Café' })).toEqual({});
    const [event] = world.server.events(email);
    expect(event).toMatchObject({ isOnlineMeeting: false, location: { displayName: 'The Corner Café' } });
  });
});
