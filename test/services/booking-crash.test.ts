import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { invitationsInOutbox } from '../support/outbox.js';
import type { Store } from '../../lib/core/ports/store.js';
import { BookingError, ManageError } from '../../lib/services/booking-errors.js';
import { bookCoffee, openBookingLink } from '../../lib/services/booking.js';
import { proposeForUser } from '../../lib/services/propose.js';
import { sweep } from '../../lib/services/sweep.js';
import { HOST_SETTINGS, dueContact } from '../edge/web/booking-scenario.js';
import { dynamoEndpoint, freshTable, uniqueUserId } from '../support/dynamo.js';
import { CRASH_POINTS, crashWorldDeps, type CrashPoint } from './crash-world.js';

/**
 * A booking is several side effects (claim, event and invitation, holds off, settled). These
 * tests kill a real process (SIGKILL) between each pair of steps, then restart (fresh
 * dependencies in this process) and run one sweep, and check the end state: exactly one event
 * or none, an invitation iff an event, no holds left over, and the guest's retry told the truth.
 */

const NOW = '2026-11-23T12:00:00.000Z';
const CHILD = fileURLToPath(new URL('./fixtures/book-and-crash.ts', import.meta.url));
const signingKey = randomBytes(32);
let store: Store;
let table: string;

beforeAll(async () => {
  ({ store, tableName: table } = await freshTable());
});

async function proposedWorld() {
  const userId = uniqueUserId();
  await store.profiles.put(userId, HOST_SETTINGS);
  await store.connections.create(userId, { id: 'rapport', kind: 'rapport', label: "Rapport's calendar", cursor: null, status: 'ok', createdAt: NOW });
  await store.contacts.putMany(userId, [dueContact('ana@example.com', 'Ana')]);
  const deps = crashWorldDeps({ store, signingKey, now: NOW });
  const { created } = await proposeForUser(deps, userId, NOW);
  const proposal = created[0]!;
  const token = new URL(proposal.link).pathname.split('/').pop()!;
  return { userId, deps, token, proposalId: proposal.proposalId, start: proposal.slots[1]!.start };
}

function bookInChildThatDies(world: Awaited<ReturnType<typeof proposedWorld>>, crashAt: CrashPoint): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  const input = { endpoint: dynamoEndpoint(), table, signingKey: signingKey.toString('hex'), now: NOW, token: world.token, start: world.start, crashAt };
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, JSON.stringify(input)], { stdio: ['ignore', 'ignore', 'inherit'] });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

async function calendarOf(world: Awaited<ReturnType<typeof proposedWorld>>) {
  const events = await store.localCalendar.list(world.userId);
  const invitations = await invitationsInOutbox(store, world.userId);
  return {
    coffees: events.filter((e) => e.kind === 'coffee' && e.status !== 'cancelled'),
    holds: events.filter((e) => e.kind === 'hold'),
    requests: invitations.filter((i) => i.method === 'REQUEST'),
  };
}

describe('a booking killed between any two steps is finished by the next sweep', () => {
  for (const crashAt of CRASH_POINTS) {
    it(`killed ${crashAt.replace(/-/g, ' ')}: one sweep later the calendar and the record agree`, async () => {
      const world = await proposedWorld();
      expect(await bookInChildThatDies(world, crashAt)).toEqual({ code: null, signal: 'SIGKILL' });
      // The crash really left the booking half-done (nothing was finished behind our back).
      expect(await store.bookings.due(world.userId)).toHaveLength(crashAt === 'before-claim' ? 0 : 1);

      await sweep(world.deps, world.userId, NOW);

      const after = await calendarOf(world);
      const proposal = await store.proposals.get(world.userId, world.proposalId);
      if (crashAt === 'before-claim') {
        // Nothing was decided: nothing happened, the offer stands and the guest can book.
        expect(after).toMatchObject({ coffees: [], requests: [] });
        expect(after.holds).toHaveLength(3);
        expect(proposal?.status).toBe('open');
        await bookCoffee(world.deps, world.token, { start: world.start }, NOW);
      } else {
        expect(proposal?.booking?.calendarDue).toBeUndefined();
        expect(await store.bookings.due(world.userId)).toEqual([]);
        // The guest's retry is told the truth: the link was used, the coffee stands.
        await expect(openBookingLink(world.deps, world.token, NOW)).rejects.toMatchObject({ kind: 'link-used' } satisfies Partial<BookingError>);
      }
      const end = await calendarOf(world);
      expect(end.coffees.map((c) => c.start)).toEqual([world.start]);
      expect(end.requests.map((r) => r.eventId)).toEqual(end.coffees.map((c) => c.id));
      expect(end.holds).toEqual([]);
      expect(await store.bookings.claims(world.userId, { from: NOW, to: '2027-01-01T00:00:00.000Z' })).toHaveLength(1);
    }, 60_000);
  }

  it('the guest retrying the link finishes a half-done booking too, without waiting for the sweep', async () => {
    const world = await proposedWorld();
    await bookInChildThatDies(world, 'after-event');
    await expect(openBookingLink(world.deps, world.token, NOW)).rejects.toMatchObject({ kind: 'link-used' });
    const end = await calendarOf(world);
    expect({ coffees: end.coffees.length, requests: end.requests.length, holds: end.holds.length }).toEqual({ coffees: 1, requests: 1, holds: 0 });
  }, 60_000);
});

describe('a move and a cancel sent at the same time', () => {
  it('one of them wins before either touches the calendar; the other gets a clear answer; calendar and record agree', async () => {
    const { cancelBooking, rescheduleBooking } = await import('../../lib/services/manage-booking.js');
    for (let round = 0; round < 6; round++) {
      const world = await proposedWorld();
      const booked = await bookCoffee(world.deps, world.token, { start: world.start }, NOW);
      const manageToken = new URL(booked.manageUrl).pathname.split('/').pop()!;
      const otherStart = booked.proposal.slots.find((s) => s.start !== world.start)!.start;

      const outcomes = await Promise.allSettled([
        rescheduleBooking(world.deps, manageToken, otherStart, NOW),
        cancelBooking(world.deps, manageToken, NOW),
        rescheduleBooking(world.deps, manageToken, otherStart, NOW),
        cancelBooking(world.deps, manageToken, NOW),
      ]);
      for (const outcome of outcomes) {
        if (outcome.status === 'rejected') expect(outcome.reason, String(outcome.reason)).toBeInstanceOf(ManageError);
      }

      const proposal = (await store.proposals.get(world.userId, world.proposalId))!;
      const event = await store.localCalendar.get(world.userId, proposal.booking!.eventId);
      const claims = await store.bookings.claims(world.userId, { from: NOW, to: '2027-01-01T00:00:00.000Z' });
      const cancels = (await invitationsInOutbox(store, world.userId)).filter((i) => i.method === 'CANCEL');
      expect(proposal.booking!.calendarDue).toBeUndefined();
      if (proposal.booking!.status === 'cancelled') {
        expect(event?.status).toBe('cancelled');
        expect(claims).toEqual([]);
        expect(cancels).toHaveLength(1);
      } else {
        expect(event).toMatchObject({ status: 'confirmed', start: proposal.booking!.start });
        expect(claims.map((c) => c.start)).toEqual([proposal.booking!.start]);
        expect(cancels).toEqual([]);
      }
      // Every answer that said "done" is true now or was overtaken by a later change it could see.
      expect(outcomes.some((o) => o.status === 'fulfilled')).toBe(true);
    }
  }, 120_000);
});
