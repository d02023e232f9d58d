import { randomBytes } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_COFFEE_SETTINGS } from '../../lib/core/domain/coffee.js';
import type { Store } from '../../lib/core/ports/store.js';
import { settleBookings } from '../../lib/services/booking-steps.js';
import { sweepShardOf } from '../../lib/core/domain/schedule.js';
import { proposeForUser, type ProposedCoffee } from '../../lib/services/propose.js';
import { bookCoffee, claimSpanFor } from '../../lib/services/booking.js';
import { TEST_SETTINGS } from '../support/app-server.js';
import { createMailer } from '../../lib/services/mail-delivery.js';
import { silentLogger } from '../../lib/runtime/log.js';
import { freshTable, uniqueUserId, type FreshTable } from '../support/dynamo.js';
import { overdueContact, serviceDeps } from './service-deps.js';

/**
 * A booking's step marker (`STEP#`) says a change is owed to its calendar. The guest's request
 * settles its own booking with one write and leaves the marker; the sweep clears it once it
 * reads the booking settled, and never a marker a newer change has written since.
 */

const NOW = '2026-11-23T08:00:00.000Z';
const signingKey = randomBytes(32);
let store: Store;
let table: FreshTable;
let userId: string;
let coffee: ProposedCoffee;
let writes: string[];
let reads: string[];

const deps = () => serviceDeps({ store, clock: () => NOW, signingKey });
const tokenOf = (c: ProposedCoffee) => c.link.slice(c.link.lastIndexOf('/') + 1);

beforeEach(async () => {
  writes = [];
  reads = [];
  table = await freshTable({ onConsumedCapacity: (u) => (u.write > 0 ? writes : reads).push(u.op) });
  ({ store } = table);
  userId = uniqueUserId();
  await store.profiles.put(userId, { ...TEST_SETTINGS, coffee: { ...DEFAULT_COFFEE_SETTINGS } });
  await store.connections.create(userId, { id: 'rapport', kind: 'rapport', label: 'Rapport', cursor: null, status: 'ok', createdAt: NOW });
  await store.contacts.putMany(userId, [overdueContact('jane@example.com', '2026-09-01T09:00:00.000Z')]);
  [coffee] = (await proposeForUser(deps(), userId, NOW)).created as [ProposedCoffee];
});

describe('step markers', () => {
  it("a booking settles on the guest's request with one write, and the next sweep clears its marker", async () => {
    // A sweep has served every pull so far (settings, calendar) and set its next time.
    const { pulls } = (await store.wake.shard(sweepShardOf(userId))).get(userId)!;
    await store.wake.settle(userId, '2026-11-23T14:00:00.000Z', pulls);
    writes.length = 0;
    await bookCoffee(deps(), tokenOf(coffee), { start: coffee.slots[0]!.start }, NOW);
    expect(writes.filter((op) => op === 'bookings.settle')).toHaveLength(1);
    // The marker left for the sweep wakes it at the next tick: its pull rides in the claim's
    // transaction, not in a write of its own.
    expect(writes).not.toContain('wake.pull');
    const seen = (await store.wake.shard(sweepShardOf(userId))).get(userId)?.pulls;
    expect(seen).toHaveLength(1);
    expect((await store.proposals.get(userId, coffee.proposalId))?.booking?.calendarDue).toBeUndefined();
    const booked = (await store.proposals.get(userId, coffee.proposalId))!.booking!;
    expect(await store.bookings.due(userId)).toEqual([{ proposalId: coffee.proposalId, eventId: booked.eventId, revision: 0 }]);

    expect(await settleBookings(deps(), userId)).toEqual({ settled: 0, left: 0 });
    expect(await store.bookings.due(userId)).toEqual([]);
    // The sweep the pull woke has served it: the tick passes the user over until their time.
    await store.wake.settle(userId, '2026-11-23T14:00:00.000Z', seen);
    expect(await store.wake.of(userId)).toEqual({ wakeAt: '2026-11-23T14:00:00.000Z' });
  });

  it("mails the guest's invitation and the host's alert after one read of both addresses' suppressions", async () => {
    const mailer = createMailer({ store, from: { email: 'rapport@northwind.example' }, now: () => NOW, logger: silentLogger });
    reads.length = 0;
    const { booking } = await bookCoffee(serviceDeps({ store, clock: () => NOW, signingKey, mailer }), tokenOf(coffee), { start: coffee.slots[0]!.start }, NOW);
    expect(reads.filter((op) => op === 'suppressions.reasonsFor')).toHaveLength(1);
    expect(reads).not.toContain('mail.record');
    expect(await store.mail.get(userId, `invite.${booking.eventId}.0.REQUEST`)).toMatchObject({ status: 'kept', message: { to: { email: 'jane@example.com' } } });
    expect(await store.mail.get(userId, `alert.${coffee.proposalId}.0`)).toMatchObject({ status: 'kept', message: { to: { email: TEST_SETTINGS.ownerEmails[0] } } });
  });

  it('a marker written again by a newer change is not cleared with the older one', async () => {
    await bookCoffee(deps(), tokenOf(coffee), { start: coffee.slots[0]!.start }, NOW);
    const [older] = await store.bookings.due(userId);
    const bookingPull = (await store.wake.of(userId)).pulls!.find((entry) => entry.includes(coffee.proposalId))!;
    // The guest moves the coffee: the move writes the marker again, at revision 1.
    const proposal = (await store.proposals.get(userId, coffee.proposalId))!;
    const slot = coffee.slots[1]!;
    const settings = (await store.profiles.get(userId))!;
    const moved = { ...proposal.booking!, start: slot.start, end: slot.end, revision: 1, calendarDue: 'move' as const };
    await store.bookings.move(userId, proposal, moved, await store.bookings.guard(userId, claimSpanFor(slot, settings)));

    await store.bookings.clearStep(userId, older!);
    expect(await store.bookings.due(userId)).toEqual([{ proposalId: coffee.proposalId, eventId: moved.eventId, revision: 1 }]);
    // Likewise its pull: a sweep that served the booking's pull leaves the move's.
    await store.wake.settle(userId, '2026-11-23T14:00:00.000Z', [bookingPull]);
    const left = (await store.wake.of(userId)).pulls ?? [];
    expect(left).not.toContain(bookingPull);
    expect(left.some((entry) => entry.includes(coffee.proposalId))).toBe(true);
    // The sweep makes the move, settles it and clears its marker.
    expect(await settleBookings(deps(), userId)).toEqual({ settled: 1, left: 0 });
    expect(await store.bookings.due(userId)).toEqual([]);
    expect((await store.proposals.get(userId, coffee.proposalId))?.booking).toMatchObject({ start: slot.start, revision: 1 });
  });

  it('a booking released and made again starts at revision 0 again: its marker is not taken for the first one\'s', async () => {
    await bookCoffee(deps(), tokenOf(coffee), { start: coffee.slots[0]!.start }, NOW);
    const [first] = await store.bookings.due(userId);
    // The calendar failed the first time: the booking is released (its marker deleted), and the
    // guest books again, at revision 0 again, with another event.
    await store.bookings.release(userId, (await store.proposals.get(userId, coffee.proposalId))!);
    await bookCoffee(deps(), tokenOf(coffee), { start: coffee.slots[1]!.start }, NOW);
    const [second] = await store.bookings.due(userId);
    expect(second).toMatchObject({ proposalId: coffee.proposalId, revision: 0 });
    expect(second!.eventId).not.toBe(first!.eventId);

    // A sweep that read the first marker clears nothing of the second.
    await store.bookings.clearStep(userId, first!);
    expect(await store.bookings.due(userId)).toEqual([second]);
  });

  it("an earlier release's marker (no revision) is cleared once its booking is settled, and only then", async () => {
    const { PutCommand } = await import('@aws-sdk/lib-dynamodb');
    await bookCoffee(deps(), tokenOf(coffee), { start: coffee.slots[0]!.start }, NOW);
    const marker = { pk: `USER#${userId}`, sk: `STEP#${coffee.proposalId}`, entity: 'BookingStepDue' };
    await table.client.send(new PutCommand({ TableName: table.tableName, Item: marker }));
    expect(await store.bookings.due(userId)).toEqual([{ proposalId: coffee.proposalId }]);
    // Read without a revision, it is not taken for a newer change's marker (which has one).
    await store.bookings.clearStep(userId, { proposalId: coffee.proposalId, eventId: (await store.proposals.get(userId, coffee.proposalId))!.booking!.eventId, revision: 0 });
    expect(await store.bookings.due(userId)).toHaveLength(1);
    expect(await settleBookings(deps(), userId)).toEqual({ settled: 0, left: 0 });
    expect(await store.bookings.due(userId)).toEqual([]);
  });
});
