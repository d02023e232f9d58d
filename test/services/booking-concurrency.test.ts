import { randomBytes } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_COFFEE_SETTINGS, type CoffeeSettings } from '../../lib/core/domain/coffee.js';
import { holdIdFor, type Proposal } from '../../lib/core/domain/proposal.js';
import type { Store } from '../../lib/core/ports/store.js';
import { BookingConflict } from '../../lib/core/ports/store-errors.js';
import type { ConsumedUnits } from '../../lib/adapters/store/store.js';
import { bookingTokenFor, hashToken } from '../../lib/services/booking-links.js';
import { bookCoffee, freeOfferedSlots, openBookingLink } from '../../lib/services/booking.js';
import { BookingError } from '../../lib/services/booking-errors.js';
import { TEST_SETTINGS } from '../support/app-server.js';
import { freshTable, uniqueUserId } from '../support/dynamo.js';
import { serviceDeps } from './service-deps.js';

/**
 * Many guests of one host booking at once, through the booking service, DynamoDB Local and
 * Rapport's own calendar: times apart all book without waiting for each other; times that
 * cannot both stand (they overlap, or one sits in the other's buffer) book exactly once.
 */

const NOW = '2026-11-23T08:00:00.000Z';
const DAY_MS = 86_400_000;
const signingKey = randomBytes(32);
let store: Store;
let userId: string;
const opsSent: string[] = [];

beforeEach(async () => {
  opsSent.length = 0;
  ({ store } = await freshTable({ onConsumedCapacity: (units: ConsumedUnits) => opsSent.push(units.op) }));
  userId = uniqueUserId();
  await store.connections.create(userId, { id: 'rapport', kind: 'rapport', label: 'Rapport', cursor: null, status: 'ok', createdAt: NOW });
});

const deps = () => serviceDeps({ store, clock: () => NOW, signingKey });
const minutes = (at: string, n: number) => new Date(Date.parse(at) + n * 60_000).toISOString();

async function withBuffers(before: number, after: number): Promise<void> {
  const coffee: CoffeeSettings = { ...DEFAULT_COFFEE_SETTINGS, bufferBeforeMinutes: before, bufferAfterMinutes: after };
  await store.profiles.put(userId, { ...TEST_SETTINGS, coffee });
}

/** An open proposal offering one time (made by hand: the proposer never offers a time another proposal holds). */
async function offer(id: string, start: string, durationMinutes = 30): Promise<string> {
  const token = bookingTokenFor(signingKey, { userId, proposalId: id });
  const proposal: Proposal = {
    id,
    contactEmail: `${id}@example.com`,
    calendarId: 'rapport',
    createdAt: NOW,
    expiresAt: new Date(Date.parse(NOW) + 7 * DAY_MS).toISOString(),
    status: 'pending',
    slots: [{ start, end: minutes(start, durationMinutes), holdId: holdIdFor(id, start) }],
    tokenHash: hashToken(token),
  };
  await store.proposals.create(userId, proposal);
  await store.proposals.save(userId, { ...proposal, status: 'open' }, ['pending']);
  return token;
}

async function bookAll(offers: { token: string; start: string }[]) {
  const results = await Promise.allSettled(offers.map((o) => bookCoffee(deps(), o.token, { start: o.start }, NOW)));
  const booked = results.filter((r) => r.status === 'fulfilled').length;
  const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as unknown);
  const coffees = (await store.localCalendar.list(userId)).filter((e) => e.kind === 'coffee' && e.status !== 'cancelled');
  return { booked, refused, coffees };
}

describe("a booked time on another guest's page", () => {
  it('is no longer offered, from the claim alone: Rapport\'s calendar is not read', async () => {
    await withBuffers(10, 10);
    const start = '2026-11-25T09:00:00.000Z';
    const first = await offer('first', start);
    // The same time offered twice (two proposer runs at once), and a time inside the first's buffer.
    const second = await offer('second', start);
    const near = await offer('near', minutes(start, 35));
    const apart = await offer('apart', minutes(start, 120));
    await bookCoffee(deps(), first, { start }, NOW);
    opsSent.length = 0;

    const stillFree = async (token: string) => (await freeOfferedSlots(deps(), await openBookingLink(deps(), token, NOW), NOW)).map((s) => s.start);
    expect(await stillFree(second)).toEqual([]);
    expect(await stillFree(near)).toEqual([]);
    expect(await stillFree(apart)).toEqual([minutes(start, 120)]);
    expect(opsSent).not.toContain('localCalendar.busyIn');
    expect(opsSent.filter((op) => op === 'bookings.calendarState')).toHaveLength(3);
  });
});

describe('guests of one host booking at once', () => {
  it('50 distinct times booked at once: every guest gets their coffee, and none had to check twice', async () => {
    await withBuffers(15, 15);
    // Hourly 30-minute coffees: with 15 minutes of buffer on each side, back to back.
    const offers = await Promise.all(
      Array.from({ length: 50 }, async (_, i) => {
        const start = minutes('2026-11-25T00:00:00.000Z', i * 60);
        return { token: await offer(`distinct${i}`, start), start };
      }),
    );
    opsSent.length = 0;

    const { booked, refused, coffees } = await bookAll(offers);

    expect(refused).toEqual([]);
    expect(booked).toBe(50);
    expect(coffees).toHaveLength(50);
    expect(new Set(coffees.map((e) => e.start)).size).toBe(50);
    // One free/busy check and one committed claim per guest: no booking queued behind another.
    // Nobody had claimed these times, so nobody read the cells' versions either.
    expect(opsSent.filter((op) => op === 'bookings.calendarState')).toHaveLength(50);
    expect(opsSent.filter((op) => op === 'bookings.book')).toHaveLength(50);
    expect(opsSent).not.toContain('bookings.guard');
  }, 120_000);

  it('a time next to a booked one, sharing a cell but clear of its buffer, books on a second try that reads the cells', async () => {
    await withBuffers(5, 5);
    // 09:00–09:30 claims 08:55–09:35; 09:40–10:10 claims 09:35–10:15: both touch the 09:30 cell.
    const first = '2026-11-25T09:00:00.000Z';
    const next = minutes(first, 40);
    await bookCoffee(deps(), await offer('first', first), { start: first }, NOW);
    const token = await offer('next', next);
    opsSent.length = 0;

    await bookCoffee(deps(), token, { start: next }, NOW);

    expect(opsSent.filter((op) => op === 'bookings.guard')).toHaveLength(1);
    expect(opsSent.filter((op) => op === 'bookings.book')).toHaveLength(1);
    const { coffees } = await bookAll([]);
    expect(coffees.map((e) => e.start).sort()).toEqual([first, next]);
  });

  it('a cancelled coffee\'s time books again: its cells were touched, so the second try reads them', async () => {
    await withBuffers(0, 0);
    const start = '2026-11-25T09:00:00.000Z';
    await bookCoffee(deps(), await offer('gone', start), { start }, NOW);
    const gone = (await store.proposals.get(userId, 'gone'))!;
    await store.bookings.cancel(userId, gone, { ...gone.booking!, status: 'cancelled', revision: 1 });
    opsSent.length = 0;

    await bookCoffee(deps(), await offer('again', start), { start }, NOW);

    expect(opsSent.filter((op) => op === 'bookings.guard')).toHaveLength(1);
    expect((await store.proposals.get(userId, 'again'))?.booking?.start).toBe(start);
  });

  it('a booking that keeps colliding with transactions that did not commit is not given up while its time is free', async () => {
    await withBuffers(0, 0);
    const start = '2026-11-25T09:00:00.000Z';
    const token = await offer('contended', start);
    // Real DynamoDB may cancel every one of several transactions that write one cell at once
    // (TransactionConflict), so losses like these say nobody has the time: more of them in a
    // row than any fixed number of tries (12 used to be the limit, after which every guest of
    // a busy time could be told it was taken while none had it).
    let collisions = 15;
    const colliding: Store = {
      ...store,
      bookings: {
        ...store.bookings,
        book: async (...args) => {
          if (collisions-- > 0) throw new BookingConflict('contended');
          return store.bookings.book(...args);
        },
      },
    };

    const result = await bookCoffee(serviceDeps({ store: colliding, clock: () => NOW, signingKey }), token, { start }, NOW);

    expect(collisions).toBe(-1);
    expect(result.booking.start).toBe(start);
    const coffees = (await store.localCalendar.list(userId)).filter((e) => e.kind === 'coffee' && e.status !== 'cancelled');
    expect(coffees.map((e) => e.start)).toEqual([start]);
  }, 120_000);

  it('a booking that loses to claims that committed gives up after a dozen, saying so', async () => {
    await withBuffers(0, 0);
    const start = '2026-11-25T09:00:00.000Z';
    const token = await offer('losing', start);
    let books = 0;
    const losing: Store = {
      ...store,
      bookings: {
        ...store.bookings,
        book: async () => {
          books += 1;
          throw new BookingConflict('sequence');
        },
      },
    };

    const refused = await bookCoffee(serviceDeps({ store: losing, clock: () => NOW, signingKey }), token, { start }, NOW).catch((e: unknown) => e);

    expect(refused).toBeInstanceOf(BookingError);
    expect((refused as BookingError).message).toBe('Many people are booking right now. Please try again in a moment.');
    // The first try's guess that nobody had touched the time (not a lost race), a dozen lost, and the one that gives up.
    expect(books).toBe(14);
  }, 120_000);

  it('ten guests on ten overlapping times booked at once: exactly one coffee, the others told the time was taken', async () => {
    await withBuffers(0, 0);
    const offers = await Promise.all(
      Array.from({ length: 10 }, async (_, i) => {
        const start = minutes('2026-11-25T09:00:00.000Z', i * 3);
        return { token: await offer(`overlap${i}`, start), start };
      }),
    );

    const { booked, refused, coffees } = await bookAll(offers);

    expect(booked).toBe(1);
    expect(coffees).toHaveLength(1);
    for (const error of refused) expect((error as BookingError).kind).toBe('slot-taken');
  }, 120_000);

  it('two times that only meet in a buffer, booked at once, book once', async () => {
    await withBuffers(15, 15);
    // 09:00–09:30 and 09:40–10:10: ten minutes apart, inside either coffee's buffer.
    const offers = [
      { token: await offer('first', '2026-11-25T09:00:00.000Z'), start: '2026-11-25T09:00:00.000Z' },
      { token: await offer('second', '2026-11-25T09:40:00.000Z'), start: '2026-11-25T09:40:00.000Z' },
    ];

    for (let round = 0; round < 5; round++) {
      const { booked, coffees } = await bookAll(offers);
      if (round === 0) expect(booked).toBe(1);
      expect(coffees).toHaveLength(1);
    }
  }, 120_000);

  it('neighbours that share a 15-minute cell without conflicting both book', async () => {
    await withBuffers(0, 0);
    // 09:00–09:35 and 09:40–10:10 do not meet, but both touch the 09:30 cell.
    const offers = [
      { token: await offer('early', '2026-11-25T09:00:00.000Z', 35), start: '2026-11-25T09:00:00.000Z' },
      { token: await offer('late', '2026-11-25T09:40:00.000Z'), start: '2026-11-25T09:40:00.000Z' },
    ];

    const { booked, refused, coffees } = await bookAll(offers);

    expect(refused).toEqual([]);
    expect(booked).toBe(2);
    expect(coffees.map((e) => e.start).sort()).toEqual(['2026-11-25T09:00:00.000Z', '2026-11-25T09:40:00.000Z']);
  }, 120_000);
});
