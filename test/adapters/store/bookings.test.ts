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
/** The fixture's two slots (08:30–09:00 UTC, Tuesday and Thursday), claimed without buffers. */
const TUE = { start: '2027-03-09T08:30:00.000Z', end: '2027-03-09T09:00:00.000Z' };
const THU = { start: '2027-03-11T08:30:00.000Z', end: '2027-03-11T09:00:00.000Z' };
const guardOf = (userId: string, span: { start: string; end: string }) => store.bookings.guard(userId, span);
/** A coffee of `minutes` starting at `hhmm` on Tuesday, as its own proposal's only slot. */
function tuesdayAt(hhmm: string, minutes = 30) {
  const start = Date.parse(`2027-03-09T${hhmm}:00.000Z`);
  return { start: new Date(start).toISOString(), end: new Date(start + minutes * 60_000).toISOString() };
}
async function proposalAt(userId: string, id: string, slot: { start: string; end: string }): Promise<Proposal> {
  const proposal = aProposal({ id, contactEmail: `${id}@example.com`, slots: [{ ...slot, holdId: `hold-${id}` }] });
  await store.proposals.create(userId, proposal);
  return proposal;
}

function outcomes(results: PromiseSettledResult<unknown>[]) {
  const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as unknown);
  return { fulfilled: results.length - rejected.length, rejected };
}

describe('booking', () => {
  test('booking claims the slot, marks the proposal booked and bumps the cells of its span', async () => {
    const userId = uniqueUserId();
    const proposal = await openProposal(userId);
    const booking = aBooking(proposal);
    const tuesday = await guardOf(userId, TUE);
    expect(tuesday).toEqual({ '2027-03-09T08:30:00.000Z': 0, '2027-03-09T08:45:00.000Z': 0 });
    await store.bookings.book(userId, proposal, booking, tuesday);
    expect(await store.proposals.get(userId, 'p1')).toEqual({ ...proposal, status: 'booked', booking });
    expect(await store.bookings.claims(userId, WHOLE_MONTH)).toEqual([{ proposalId: 'p1', start: booking.start, end: booking.end }]);
    expect(await guardOf(userId, TUE)).toEqual({ '2027-03-09T08:30:00.000Z': 1, '2027-03-09T08:45:00.000Z': 1 });
    // A wider span reads the cells around too, untouched ones at 0.
    expect(await guardOf(userId, { start: '2027-03-09T08:20:00.000Z', end: '2027-03-09T09:01:00.000Z' })).toEqual({
      '2027-03-09T08:15:00.000Z': 0,
      '2027-03-09T08:30:00.000Z': 1,
      '2027-03-09T08:45:00.000Z': 1,
      '2027-03-09T09:00:00.000Z': 0,
    });
    expect(await guardOf(userId, THU)).toEqual({ '2027-03-11T08:30:00.000Z': 0, '2027-03-11T08:45:00.000Z': 0 });
  });

  test('a booking checked before an overlapping one committed loses with reason "sequence" and writes nothing', async () => {
    const userId = uniqueUserId();
    const first = await openProposal(userId, 'p1', 'ana@example.com');
    const second = await openProposal(userId, 'p2', 'bo@example.com');
    const checked = await guardOf(userId, TUE);
    await store.bookings.book(userId, first, aBooking(first), checked);
    const stale = await store.bookings.book(userId, second, aBooking(second), checked).catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(BookingConflict);
    expect((stale as BookingConflict).reason).toBe('sequence');
    expect((await store.proposals.get(userId, 'p2'))?.status).toBe('open');
    expect(await store.bookings.claims(userId, WHOLE_MONTH)).toHaveLength(1);
    expect(await guardOf(userId, TUE)).toEqual({ '2027-03-09T08:30:00.000Z': 1, '2027-03-09T08:45:00.000Z': 1 });
  });

  test('bookings of times apart, even on the same day, do not wait for each other', async () => {
    const userId = uniqueUserId();
    const early = await proposalAt(userId, 'early', tuesdayAt('08:00'));
    const late = await proposalAt(userId, 'late', tuesdayAt('08:30'));
    // Both read their guards before either commits: back-to-back times share no cell.
    const [earlyGuard, lateGuard] = await Promise.all([guardOf(userId, early.slots[0]!), guardOf(userId, late.slots[0]!)]);
    await store.bookings.book(userId, late, aBooking(late), lateGuard);
    await store.bookings.book(userId, early, aBooking(early), earlyGuard);
    expect(await store.bookings.claims(userId, WHOLE_MONTH)).toHaveLength(2);
  });

  test('neighbours that share a cell without overlapping: the loser commits after reading the guard again', async () => {
    const userId = uniqueUserId();
    // 08:00–08:35 and 08:40–09:10 do not overlap, but both touch the 08:30 cell.
    const first = await proposalAt(userId, 'first', tuesdayAt('08:00', 35));
    const second = await proposalAt(userId, 'second', tuesdayAt('08:40'));
    const [firstGuard, secondGuard] = await Promise.all([guardOf(userId, first.slots[0]!), guardOf(userId, second.slots[0]!)]);
    await store.bookings.book(userId, first, aBooking(first), firstGuard);
    const lost = await store.bookings.book(userId, second, aBooking(second), secondGuard).catch((e: unknown) => e);
    expect((lost as BookingConflict).reason).toBe('sequence');
    await store.bookings.book(userId, second, aBooking(second), await guardOf(userId, second.slots[0]!));
    expect(await store.bookings.claims(userId, WHOLE_MONTH)).toHaveLength(2);
  });

  test('a booking guarded by many cells loses when any one of them changed', async () => {
    const userId = uniqueUserId();
    const first = await proposalAt(userId, 'first', tuesdayAt('09:45'));
    const long = await proposalAt(userId, 'long', tuesdayAt('08:00', 120));
    const stale = await guardOf(userId, long.slots[0]!);
    await store.bookings.book(userId, first, aBooking(first), await guardOf(userId, first.slots[0]!));
    const lost = await store.bookings.book(userId, long, aBooking(long), stale).catch((e: unknown) => e);
    expect((lost as BookingConflict).reason).toBe('sequence');
    // Nothing of the lost transaction was written: its untouched cells are still at 0.
    expect((await guardOf(userId, tuesdayAt('08:00', 60)))['2027-03-09T08:00:00.000Z']).toBe(0);
  });

  test('booking a proposal that is no longer open fails with reason "not-open"', async () => {
    const userId = uniqueUserId();
    const proposal = await openProposal(userId);
    await store.bookings.book(userId, proposal, aBooking(proposal), await guardOf(userId, TUE));
    const again = await store.bookings.book(userId, proposal, aBooking(proposal, 1), await guardOf(userId, THU)).catch((e: unknown) => e);
    expect((again as BookingConflict).reason).toBe('not-open');
    expect(Object.values(await guardOf(userId, THU))).toEqual([0, 0]);
  });

  test('50 concurrent bookings of one proposal: exactly one succeeds, the others get BookingConflict', async () => {
    const userId = uniqueUserId();
    const proposal = await openProposal(userId);
    const [tuesday, thursday] = await Promise.all([guardOf(userId, TUE), guardOf(userId, THU)]);
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) => store.bookings.book(userId, proposal, aBooking(proposal, i % 2), i % 2 ? thursday : tuesday)),
    );
    const { fulfilled, rejected } = outcomes(results);
    expect(fulfilled).toBe(1);
    expect(rejected).toHaveLength(49);
    for (const error of rejected) expect(error).toBeInstanceOf(BookingConflict);
    expect(await store.bookings.claims(userId, WHOLE_MONTH)).toHaveLength(1);
    const bumped = [...Object.values(await guardOf(userId, TUE)), ...Object.values(await guardOf(userId, THU))];
    expect(bumped.sort()).toEqual([0, 0, 1, 1]);
  });

  test('50 concurrent bookings of 50 proposals for overlapping times, all checked at once: exactly one succeeds', async () => {
    const userId = uniqueUserId();
    // Starts 30 seconds apart from 08:00 to 08:24:30: every two of these 30-minute coffees overlap.
    const slots = Array.from({ length: 50 }, (_, i) => {
      const start = Date.parse('2027-03-09T08:00:00.000Z') + i * 30_000;
      return { start: new Date(start).toISOString(), end: new Date(start + 30 * 60_000).toISOString() };
    });
    const proposals = await Promise.all(slots.map((slot, i) => proposalAt(userId, `p${i}`, slot)));
    const guards = await Promise.all(slots.map((slot) => guardOf(userId, slot)));
    const results = await Promise.allSettled(proposals.map((p, i) => store.bookings.book(userId, p, aBooking(p), guards[i]!)));
    const { fulfilled, rejected } = outcomes(results);
    expect(fulfilled).toBe(1);
    for (const error of rejected) expect((error as BookingConflict).reason).toBe('sequence');
    const booked = (await store.proposals.list(userId)).filter((p) => p.status === 'booked');
    expect(booked).toHaveLength(1);
    expect(await store.bookings.claims(userId, WHOLE_MONTH)).toEqual([expect.objectContaining({ proposalId: booked[0]!.id })]);
  });

  test('50 concurrent bookings of 50 distinct times of one host, all checked at once: every one succeeds first time', async () => {
    const userId = uniqueUserId();
    // Back to back (08:00, 08:30, …): no two overlap, and no two spans share a cell.
    const slots = Array.from({ length: 50 }, (_, i) => {
      const start = Date.parse('2027-03-09T00:00:00.000Z') + i * 30 * 60_000;
      return { start: new Date(start).toISOString(), end: new Date(start + 30 * 60_000).toISOString() };
    });
    const proposals = await Promise.all(slots.map((slot, i) => proposalAt(userId, `p${i}`, slot)));
    const guards = await Promise.all(slots.map((slot) => guardOf(userId, slot)));
    const results = await Promise.allSettled(proposals.map((p, i) => store.bookings.book(userId, p, aBooking(p), guards[i]!)));
    expect(outcomes(results)).toEqual({ fulfilled: 50, rejected: [] });
    expect(await store.bookings.claims(userId, WHOLE_MONTH)).toHaveLength(50);
  });

  test('claims are those overlapping the window, half-open at both ends', async () => {
    const userId = uniqueUserId();
    const proposal = await openProposal(userId);
    const booking = aBooking(proposal); // 08:30–09:00
    await store.bookings.book(userId, proposal, booking, await guardOf(userId, TUE));
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
    await store.bookings.book(userId, proposal, booking, await guardOf(userId, TUE));
    await store.bookings.release(userId, { ...proposal, status: 'booked', booking });
    expect(await store.proposals.get(userId, 'p1')).toEqual(proposal);
    expect(await store.bookings.claims(userId, WHOLE_MONTH)).toEqual([]);
    // Freeing time makes no check wrong: the cells keep the version the booking gave them.
    expect(Object.values(await guardOf(userId, TUE))).toEqual([1, 1]);
    await store.bookings.book(userId, proposal, aBooking(proposal, 1), await guardOf(userId, THU));
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
    await store.bookings.book(userId, proposal, booking, await guardOf(userId, TUE));
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

  test('move follows the booking with its claim, guarded by the new time\'s cells', async () => {
    const userId = uniqueUserId();
    const proposal = await openProposal(userId);
    const other = await openProposal(userId, 'p2', 'bo@example.com');
    const booking = aBooking(proposal);
    await store.bookings.book(userId, proposal, booking, await guardOf(userId, TUE));
    const booked: Proposal = { ...proposal, status: 'booked', booking };
    const moved = { ...booking, start: proposal.slots[1]!.start, end: proposal.slots[1]!.end };
    const checked = await guardOf(userId, THU);
    // Someone else booked Thursday since the guest looked.
    await store.bookings.book(userId, other, aBooking(other, 1), checked);

    const stale = await store.bookings.move(userId, booked, moved, checked).catch((e: unknown) => e);
    expect((stale as BookingConflict).reason).toBe('sequence');
    expect((await store.proposals.get(userId, 'p1'))?.booking).toEqual(booking);

    await store.bookings.move(userId, booked, moved, await guardOf(userId, THU));
    expect((await store.proposals.get(userId, 'p1'))?.booking).toEqual(moved);
    expect(await store.bookings.claims(userId, WHOLE_MONTH)).toEqual([
      { proposalId: 'p1', start: moved.start, end: moved.end },
      { proposalId: 'p2', start: moved.start, end: moved.end },
    ]);
    expect(Object.values(await guardOf(userId, THU))).toEqual([2, 2]);
    expect(await store.proposals.activeFor(userId, 'ana@example.com')).toBe('p1');
  });

  test('a move within the cells it already holds commits against their current versions', async () => {
    const userId = uniqueUserId();
    const proposal = await proposalAt(userId, 'p1', tuesdayAt('08:00'));
    const withLater = { ...proposal, slots: [...proposal.slots, { ...tuesdayAt('08:15'), holdId: 'hold-later' }] };
    const booking = aBooking(withLater);
    await store.bookings.book(userId, withLater, booking, await guardOf(userId, withLater.slots[0]!));
    const moved = { ...booking, start: withLater.slots[1]!.start, end: withLater.slots[1]!.end, revision: 1 };
    await store.bookings.move(userId, { ...withLater, status: 'booked', booking }, moved, await guardOf(userId, withLater.slots[1]!));
    expect(await store.bookings.claims(userId, WHOLE_MONTH)).toEqual([{ proposalId: 'p1', start: moved.start, end: moved.end }]);
  });

  test('moving from an outdated view of the booking, or a cancelled one, is refused', async () => {
    const userId = uniqueUserId();
    const proposal = await openProposal(userId);
    const booking = aBooking(proposal);
    await store.bookings.book(userId, proposal, booking, await guardOf(userId, TUE));
    const booked: Proposal = { ...proposal, status: 'booked', booking };
    const moved = { ...booking, start: proposal.slots[1]!.start, end: proposal.slots[1]!.end };
    await store.bookings.move(userId, booked, moved, await guardOf(userId, THU));
    const outdated = await store.bookings.move(userId, booked, moved, await guardOf(userId, THU)).catch((e: unknown) => e);
    expect((outdated as BookingConflict).reason).toBe('not-open');

    const current: Proposal = { ...booked, booking: moved };
    await store.bookings.cancel(userId, current, { ...moved, status: 'cancelled' });
    const afterCancel = await store.bookings.move(userId, current, booking, await guardOf(userId, TUE)).catch((e: unknown) => e);
    expect((afterCancel as BookingConflict).reason).toBe('not-open');
    expect(await store.bookings.claims(userId, WHOLE_MONTH)).toEqual([]);
  });
});
