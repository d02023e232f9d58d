import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_COFFEE_SETTINGS } from '../../../../lib/core/domain/coffee.js';
import { silentLogger } from '../../../../lib/runtime/log.js';
import { bookCoffee, type BookingDeps } from '../../../../lib/services/booking.js';
import { cancelBooking } from '../../../../lib/services/manage-booking.js';
import { proposeForUser, type ProposeDeps } from '../../../../lib/services/propose.js';
import type { Store } from '../../../../lib/core/ports/store.js';
import { TEST_SETTINGS } from '../../../support/app-server.js';
import { uniqueUserId } from '../../../support/dynamo.js';
import { googleEvent, startGoogleWorldOnFreshTable, type GoogleWorld } from '../../../support/google.js';
import { overdueContact } from '../../../services/service-deps.js';

/**
 * The coffee loop with Google as the user's calendar: the proposer reads Google free/busy and
 * writes its holds there; a booking creates the invitation (guest attended, Google sends it)
 * and takes the other holds off. Real services, DynamoDB Local, the official client.
 */

const NOW = '2026-11-23T08:00:00.000Z';
const ME = 'host@example.com';
let store: Store;
let world: GoogleWorld;
let userId: string;
let deps: ProposeDeps & BookingDeps;

beforeAll(async () => {
  ({ store, world } = await startGoogleWorldOnFreshTable(NOW));
  userId = uniqueUserId();
  await store.profiles.put(userId, { ...TEST_SETTINGS, ownerEmails: [ME], coffee: { ...DEFAULT_COFFEE_SETTINGS } });
  await world.connect(userId, ME, { now: NOW });
  // A Rapport calendar exists too (local mode always has one): Google must win as the writable one.
  await store.connections.create(userId, { id: 'rapport', kind: 'rapport', label: 'Rapport', cursor: null, status: 'ok', createdAt: NOW });
  const google = async (connection: Parameters<typeof world.open>[1], user: string) => world.open(user, connection);
  const { openCalendarSource, openCalendarWriter } = await import('../../../../lib/adapters/calendars/sources.js');
  const context = (user: string) => ({ store, userId: user, now: () => NOW });
  deps = {
    store,
    logger: silentLogger,
    signingKey: randomBytes(32),
    baseUrl: 'http://localhost:3000',
    openSource: (c, s, u) => (c.kind === 'google' ? google(c, u) : openCalendarSource(c, s, context(u))),
    openWriter: (c, s, u) => (c.kind === 'google' ? google(c, u) : openCalendarWriter(c, s, context(u))),
  };
});
afterAll(() => world.close());

const liveGoogleEvents = () => [...world.fake.calendar(ME).events.values()].map((s) => s.event).filter((e) => e.status !== 'cancelled');

describe('booking with Google as the writable calendar', () => {
  it('holds go to Google, avoid Google busy time, and a booking invites the guest and removes the other holds', async () => {
    // The whole first day the proposer could use is busy in Google.
    world.fake.putEvent(ME, googleEvent('busyday01', '2026-11-24T00:00:00.000Z', 24 * 60, [{ email: ME, self: true }]));
    await store.contacts.putMany(userId, [overdueContact('jane@example.com', '2026-09-01T09:00:00.000Z')]);
    const report = await proposeForUser(deps, userId, NOW);
    const coffee = report.created[0]!;
    expect(coffee.slots.length).toBeGreaterThan(1);
    const proposal = await store.proposals.get(userId, coffee.proposalId);
    expect(proposal?.calendarId).toBe('google');

    const holds = liveGoogleEvents().filter((e) => e.extendedProperties?.private?.rapportKind === 'hold');
    expect(holds.map((h) => h.id).sort()).toEqual(proposal!.slots.map((s) => s.holdId).sort());
    expect(holds.every((h) => h.status === 'tentative' && h.extendedProperties?.private?.rapportProposalId === coffee.proposalId)).toBe(true);
    expect(coffee.slots.every((s) => !s.start.startsWith('2026-11-24'))).toBe(true);

    // Proposing again is idempotent: no second set of holds.
    await proposeForUser(deps, userId, NOW);
    expect(liveGoogleEvents().filter((e) => e.extendedProperties?.private?.rapportKind === 'hold')).toHaveLength(holds.length);

    const token = coffee.link.slice(coffee.link.lastIndexOf('/') + 1);
    const picked = coffee.slots[1]!;
    const booked = await bookCoffee(deps, token, { start: picked.start, name: 'Jane' }, NOW);
    expect(booked.booking.start).toBe(picked.start);

    const live = liveGoogleEvents();
    expect(live.filter((e) => e.extendedProperties?.private?.rapportKind === 'hold')).toEqual([]);
    const [invitation] = live.filter((e) => e.extendedProperties?.private?.rapportKind === 'coffee');
    expect(invitation).toBeDefined();
    expect(invitation!.attendees?.map((a) => a.email)).toContain('jane@example.com');
    expect(new Date(invitation!.start!.dateTime!).toISOString()).toBe(picked.start);
    expect(world.fake.invitations.find((i) => i.eventId === invitation!.id && i.method === 'POST')?.sendUpdates).toBe('all');

    // The guest cancels: the event is deleted with updates sent.
    const manage = booked.manageUrl.slice(booked.manageUrl.lastIndexOf('/') + 1);
    await cancelBooking(deps, manage, NOW);
    expect(liveGoogleEvents().filter((e) => e.extendedProperties?.private?.rapportKind === 'coffee')).toEqual([]);
    expect(world.fake.invitations.find((i) => i.eventId === invitation!.id && i.method === 'DELETE')?.sendUpdates).toBe('all');
  });

  it('a double submit that finds the time busy with its twin\'s coffee is told "link used" (410), not "just taken"', async () => {
    await store.contacts.putMany(userId, [overdueContact('omar@example.com', '2026-09-01T09:00:00.000Z')]);
    const coffee = (await proposeForUser(deps, userId, NOW)).created.find((c) => c.contactEmail === 'omar@example.com')!;
    const token = coffee.link.slice(coffee.link.lastIndexOf('/') + 1);
    const picked = coffee.slots[0]!;
    // The second submit has opened the link and reads free/busy only once the first has booked.
    let release!: () => void;
    const firstDone = new Promise<void>((resolve) => (release = resolve));
    const slowDeps: typeof deps = { ...deps, openSource: async (c, s, u) => (await firstDone, deps.openSource(c, s, u)) };
    const second = bookCoffee(slowDeps, token, { start: picked.start }, NOW).catch((error: unknown) => error);
    await bookCoffee(deps, token, { start: picked.start }, NOW);
    release();
    expect(await second).toMatchObject({ name: 'BookingError', kind: 'link-used' });
  });
});

