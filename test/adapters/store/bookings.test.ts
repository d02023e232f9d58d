import { beforeAll, describe, expect, test } from 'vitest';
import type { Proposal } from '../../../lib/core/domain/proposal.js';
import { BookingConflict, StaleProposal } from '../../../lib/core/ports/store-errors.js';
import { type Store } from '../../../lib/core/ports/store.js';
import { freshTable, uniqueUserId } from '../../support/dynamo.js';
import { aBooking, aProposal } from './proposal-fixtures.js';

let store: Store;
beforeAll(async () => {
  store = (await freshTable()).store;
});

async function openProposal(userId: string, id = 'p1', contactEmail = 'ana@example.com'): Promise<Proposal> {
  const proposal = aProposal({ id, contactEmail });
  await store.proposals.create(userId, proposal);
  return proposal;
}

const WHOLE_MONTH = { from: '2027-03-01T00:00:00.000Z', to: '2027-04-01T00:00:00.000Z' };
/** The fixture's two slots are on these UTC days (08:30–09:00). */
const TUE = '2027-03-09';
const THU = '2027-03-11';
const sequenceOf = async (userId: string, day: string) => (await store.bookings.sequences(userId, [day]))[day];

function outcomes(results: PromiseSettledResult<unknown>[]) {
  const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as unknown);
  return { fulfilled: results.length - rejected.length, rejected };
}

describe('booking', () => {
  test('booking claims the slot, marks the proposal booked and bumps the sequence', async () => {
    const userId = uniqueUserId();
    const proposal = await openProposal(userId);
    const booking = aBooking(proposal);
    expect(await store.bookings.sequences(userId, [TUE, THU])).toEqual({ [TUE]: 0, [THU]: 0 });
    await store.bookings.book(userId, proposal, booking, { [TUE]: 0 });
    expect(await store.proposals.get(userId, 'p1')).toEqual({ ...proposal, status: 'booked', booking });
    expect(await store.bookings.claims(userId, WHOLE_MONTH)).toEqual([{ proposalId: 'p1', start: booking.start, end: booking.end }]);
    expect(await store.bookings.sequences(userId, [TUE, THU])).toEqual({ [TUE]: 1, [THU]: 0 });
  });

  test('a booking checked against an older sequence loses with reason "sequence" and writes nothing', async () => {
    const userId = uniqueUserId();
    const first = await openProposal(userId, 'p1', 'ana@example.com');
    const second = await openProposal(userId, 'p2', 'bo@example.com');
    await store.bookings.book(userId, first, aBooking(first), { [TUE]: 0 });
    const stale = await store.bookings.book(userId, second, aBooking(second), { [TUE]: 0 }).catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(BookingConflict);
    expect((stale as BookingConflict).reason).toBe('sequence');
    expect((await store.proposals.get(userId, 'p2'))?.status).toBe('open');
    expect(await store.bookings.claims(userId, WHOLE_MONTH)).toHaveLength(1);
    await store.bookings.book(userId, second, aBooking(second), { [TUE]: 1 });
    expect(await sequenceOf(userId, TUE)).toBe(2);
  });

  test('bookings on different days do not wait for each other', async () => {
    const userId = uniqueUserId();
    const first = await openProposal(userId, 'p1', 'ana@example.com');
    const second = await openProposal(userId, 'p2', 'bo@example.com');
    await store.bookings.book(userId, first, aBooking(first), { [TUE]: 0 });
    await store.bookings.book(userId, second, aBooking(second, 1), { [THU]: 0 });
    expect(await store.bookings.claims(userId, WHOLE_MONTH)).toHaveLength(2);
  });

  test('a booking guarded by two days loses when either changed', async () => {
    const userId = uniqueUserId();
    const first = await openProposal(userId, 'p1', 'ana@example.com');
    const second = await openProposal(userId, 'p2', 'bo@example.com');
    await store.bookings.book(userId, first, aBooking(first, 1), { [THU]: 0 });
    const stale = await store.bookings.book(userId, second, aBooking(second), { [TUE]: 0, [THU]: 0 }).catch((e: unknown) => e);
    expect((stale as BookingConflict).reason).toBe('sequence');
    expect(await sequenceOf(userId, TUE)).toBe(0);
  });

  test('booking a proposal that is no longer open fails with reason "not-open"', async () => {
    const userId = uniqueUserId();
    const proposal = await openProposal(userId);
    await store.bookings.book(userId, proposal, aBooking(proposal), { [TUE]: 0 });
    const again = await store.bookings.book(userId, proposal, aBooking(proposal, 1), { [THU]: 0 }).catch((e: unknown) => e);
    expect((again as BookingConflict).reason).toBe('not-open');
    expect(await store.bookings.sequences(userId, [TUE, THU])).toEqual({ [TUE]: 1, [THU]: 0 });
  });

  test('50 concurrent bookings of one proposal: exactly one succeeds, the others get BookingConflict', async () => {
    const userId = uniqueUserId();
    const proposal = await openProposal(userId);
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) => store.bookings.book(userId, proposal, aBooking(proposal, i % 2), { [i % 2 ? THU : TUE]: 0 })),
    );
    const { fulfilled, rejected } = outcomes(results);
    expect(fulfilled).toBe(1);
    expect(rejected).toHaveLength(49);
    for (const error of rejected) expect(error).toBeInstanceOf(BookingConflict);
    expect(await store.bookings.claims(userId, WHOLE_MONTH)).toHaveLength(1);
    const after = await store.bookings.sequences(userId, [TUE, THU]);
    expect(after[TUE]! + after[THU]!).toBe(1);
  });

  test('50 concurrent bookings of 50 proposals against the same sequence: exactly one succeeds', async () => {
    const userId = uniqueUserId();
    const proposals = await Promise.all(Array.from({ length: 50 }, (_, i) => openProposal(userId, `p${i}`, `guest${i}@example.com`)));
    const results = await Promise.allSettled(proposals.map((p) => store.bookings.book(userId, p, aBooking(p), { [TUE]: 0 })));
    const { fulfilled, rejected } = outcomes(results);
    expect(fulfilled).toBe(1);
    for (const error of rejected) expect((error as BookingConflict).reason).toBe('sequence');
    const booked = (await store.proposals.list(userId)).filter((p) => p.status === 'booked');
    expect(booked).toHaveLength(1);
    expect(await store.bookings.claims(userId, WHOLE_MONTH)).toEqual([expect.objectContaining({ proposalId: booked[0]!.id })]);
  });

  test('claims are those overlapping the window, half-open at both ends', async () => {
    const userId = uniqueUserId();
    const proposal = await openProposal(userId);
    const booking = aBooking(proposal); // 08:30–09:00
    await store.bookings.book(userId, proposal, booking, { [TUE]: 0 });
    const at = (from: string, to: string) => store.bookings.claims(userId, { from: `2027-03-09T${from}:00.000Z`, to: `2027-03-09T${to}:00.000Z` });
    expect(await at('08:00', '08:45')).toHaveLength(1);
    expect(await at('08:45', '10:00')).toHaveLength(1);
    expect(await at('08:00', '08:30')).toHaveLength(0);
    expect(await at('09:00', '10:00')).toHaveLength(0);
    // Bounds with an offset mean the same instants.
    expect(await store.bookings.claims(userId, { from: '2027-03-09T10:00:00+01:00', to: '2027-03-09T11:00:00+01:00' })).toHaveLength(0);
    expect(await store.bookings.claims(userId, { from: '2027-03-09T09:45:00+01:00', to: '2027-03-09T11:00:00+01:00' })).toHaveLength(1);
    expect(await store.bookings.claims(uniqueUserId(), WHOLE_MONTH)).toEqual([]);
  });
});

describe('after booking', () => {
  test('release (the event could not be created) puts the proposal back to open without a claim', async () => {
    const userId = uniqueUserId();
    const proposal = await openProposal(userId);
    const booking = aBooking(proposal);
    await store.bookings.book(userId, proposal, booking, { [TUE]: 0 });
    await store.bookings.release(userId, { ...proposal, status: 'booked', booking });
    expect(await store.proposals.get(userId, 'p1')).toEqual(proposal);
    expect(await store.bookings.claims(userId, WHOLE_MONTH)).toEqual([]);
    expect(await sequenceOf(userId, TUE)).toBe(2);
    await store.bookings.book(userId, proposal, aBooking(proposal, 1), { [THU]: 0 });
    expect((await store.proposals.get(userId, 'p1'))?.booking?.start).toBe(proposal.slots[1]!.start);
  });

  test('release of a proposal that is not booked is refused as stale', async () => {
    const userId = uniqueUserId();
    const proposal = await openProposal(userId);
    await expect(store.bookings.release(userId, { ...proposal, status: 'booked', booking: aBooking(proposal) })).rejects.toBeInstanceOf(StaleProposal);
    expect(await store.proposals.get(userId, 'p1')).toEqual(proposal);
  });

  test('cancel frees the slot, keeps the proposal booked with a cancelled booking, and releases the contact', async () => {
    const userId = uniqueUserId();
    const proposal = await openProposal(userId);
    const booking = aBooking(proposal);
    await store.bookings.book(userId, proposal, booking, { [TUE]: 0 });
    const booked: Proposal = { ...proposal, status: 'booked', booking };
    const cancelled: Proposal = { ...booked, booking: { ...booking, status: 'cancelled', revision: 1, calendarDue: 'cancel' } };
    await store.bookings.cancel(userId, booked, cancelled.booking!);
    expect(await store.proposals.get(userId, 'p1')).toEqual(cancelled);
    expect(await store.bookings.claims(userId, WHOLE_MONTH)).toEqual([]);
    expect(await store.proposals.activeFor(userId, 'ana@example.com')).toBeNull();
    // A double submit of the cancel form, from the same view, is refused and changes nothing.
    await expect(store.bookings.cancel(userId, booked, cancelled.booking!)).rejects.toBeInstanceOf(StaleProposal);
    expect(await store.proposals.get(userId, 'p1')).toEqual(cancelled);
    await store.proposals.create(userId, aProposal({ id: 'p2', contactEmail: 'ana@example.com' }));
  });

  test('move follows the booking with its claim, guarded by the new time\'s day', async () => {
    const userId = uniqueUserId();
    const proposal = await openProposal(userId);
    const other = await openProposal(userId, 'p2', 'bo@example.com');
    const booking = aBooking(proposal);
    await store.bookings.book(userId, proposal, booking, { [TUE]: 0 });
    const booked: Proposal = { ...proposal, status: 'booked', booking };
    const moved = { ...booking, start: proposal.slots[1]!.start, end: proposal.slots[1]!.end };
    // Someone else booked Thursday since the guest looked.
    await store.bookings.book(userId, other, aBooking(other, 1), { [THU]: 0 });

    const stale = await store.bookings.move(userId, booked, moved, { [THU]: 0 }).catch((e: unknown) => e);
    expect((stale as BookingConflict).reason).toBe('sequence');
    expect((await store.proposals.get(userId, 'p1'))?.booking).toEqual(booking);

    await store.bookings.move(userId, booked, moved, { [THU]: 1 });
    expect((await store.proposals.get(userId, 'p1'))?.booking).toEqual(moved);
    expect(await store.bookings.claims(userId, WHOLE_MONTH)).toEqual([
      { proposalId: 'p1', start: moved.start, end: moved.end },
      { proposalId: 'p2', start: moved.start, end: moved.end },
    ]);
    expect(await sequenceOf(userId, THU)).toBe(2);
    expect(await store.proposals.activeFor(userId, 'ana@example.com')).toBe('p1');
  });

  test('moving from an outdated view of the booking, or a cancelled one, is refused', async () => {
    const userId = uniqueUserId();
    const proposal = await openProposal(userId);
    const booking = aBooking(proposal);
    await store.bookings.book(userId, proposal, booking, { [TUE]: 0 });
    const booked: Proposal = { ...proposal, status: 'booked', booking };
    const moved = { ...booking, start: proposal.slots[1]!.start, end: proposal.slots[1]!.end };
    await store.bookings.move(userId, booked, moved, { [THU]: 0 });
    const outdated = await store.bookings.move(userId, booked, moved, { [THU]: 1 }).catch((e: unknown) => e);
    expect((outdated as BookingConflict).reason).toBe('not-open');

    const current: Proposal = { ...booked, booking: moved };
    await store.bookings.cancel(userId, current, { ...moved, status: 'cancelled' });
    const afterCancel = await store.bookings.move(userId, current, booking, { [TUE]: 1 }).catch((e: unknown) => e);
    expect((afterCancel as BookingConflict).reason).toBe('not-open');
    expect(await store.bookings.claims(userId, WHOLE_MONTH)).toEqual([]);
  });
});
