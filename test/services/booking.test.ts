import { randomBytes } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import type { CalendarWriter } from '../../lib/core/ports/calendar.js';
import { DEFAULT_COFFEE_SETTINGS } from '../../lib/core/domain/coffee.js';
import { BookingError } from '../../lib/services/booking-errors.js';
import { bookCoffee } from '../../lib/services/booking.js';
import { proposeForUser, type ProposedCoffee } from '../../lib/services/propose.js';
import type { Store } from '../../lib/core/ports/store.js';
import { TEST_SETTINGS } from '../support/app-server.js';
import { freshTable, uniqueUserId } from '../support/dynamo.js';
import { overdueContact, serviceDeps } from './service-deps.js';

/**
 * When the calendar fails after the slot is claimed, nothing stays half-done: no coffee on the
 * calendar, the claim released, the proposal still open with its holds, and the guest told.
 * Against DynamoDB Local and Rapport's own calendar adapter.
 */

const NOW = '2026-11-23T08:00:00.000Z';
const signingKey = randomBytes(32);
let store: Store;
let userId: string;
let coffee: ProposedCoffee;

const deps = (writer?: (real: CalendarWriter) => CalendarWriter) => serviceDeps({ store, clock: () => NOW, signingKey, writer });
const tokenOf = (c: ProposedCoffee) => c.link.slice(c.link.lastIndexOf('/') + 1);
const liveEvents = async () => (await store.localCalendar.list(userId)).filter((e) => e.status !== 'cancelled');

beforeEach(async () => {
  ({ store } = await freshTable());
  userId = uniqueUserId();
  await store.profiles.put(userId, { ...TEST_SETTINGS, coffee: { ...DEFAULT_COFFEE_SETTINGS } });
  await store.connections.create(userId, { id: 'rapport', kind: 'rapport', label: 'Rapport', cursor: null, status: 'ok', createdAt: NOW });
  await store.contacts.putMany(userId, [overdueContact('jane@example.com', '2026-09-01T09:00:00.000Z')]);
  [coffee] = (await proposeForUser(deps(), userId, NOW)).created as [ProposedCoffee];
});

async function expectUntouched() {
  const proposal = await store.proposals.get(userId, coffee.proposalId);
  expect(proposal?.status).toBe('open');
  expect(proposal?.booking).toBeUndefined();
  const events = await liveEvents();
  expect(events.map((e) => e.kind)).toEqual(coffee.slots.map(() => 'hold'));
}

describe('booking when the calendar fails', () => {
  it('an event that could not be created: the guest is told, the claim is released, and a retry books', async () => {
    const failing = deps((real) => ({ ...real, createEvent: async () => Promise.reject(new Error('503 from the provider')) }));
    const attempt = bookCoffee(failing, tokenOf(coffee), { start: coffee.slots[0]!.start }, NOW);
    await expect(attempt).rejects.toBeInstanceOf(BookingError);
    await expect(attempt).rejects.toMatchObject({ kind: 'calendar-failed', message: expect.stringContaining('nothing was booked') });
    await expectUntouched();

    const booked = await bookCoffee(deps(), tokenOf(coffee), { start: coffee.slots[0]!.start }, NOW);
    expect(booked.booking.start).toBe(coffee.slots[0]!.start);
    expect((await liveEvents()).map((e) => e.kind)).toEqual(['coffee']);
  });

  it('an event created but answered with an error (a lost response) is taken off again, so a different pick leaves one coffee', async () => {
    const lostResponse = deps((real) => ({
      ...real,
      createEvent: async (invitation) => {
        await real.createEvent(invitation);
        throw new Error('socket hang up');
      },
    }));
    await expect(bookCoffee(lostResponse, tokenOf(coffee), { start: coffee.slots[0]!.start }, NOW)).rejects.toMatchObject({ kind: 'calendar-failed' });
    await expectUntouched();

    await bookCoffee(deps(), tokenOf(coffee), { start: coffee.slots[1]!.start }, NOW);
    const events = await liveEvents();
    expect(events.map((e) => [e.kind, e.start])).toEqual([['coffee', coffee.slots[1]!.start]]);
  });
});
