import { beforeAll, describe, expect, test } from 'vitest';
import type { OwnCalendarEvent } from '../../../lib/core/domain/own-calendar-event.js';
import type { Store } from '../../../lib/core/ports/store.js';
import { freshTable, uniqueUserId } from '../../support/dynamo.js';

let store: Store;
beforeAll(async () => {
  store = (await freshTable()).store;
});

function aHold(overrides: Partial<OwnCalendarEvent> & Pick<OwnCalendarEvent, 'id'>): OwnCalendarEvent {
  return {
    kind: 'hold',
    proposalId: 'p1',
    start: '2027-03-09T08:30:00.000Z',
    end: '2027-03-09T09:00:00.000Z',
    title: 'Coffee with Ana? (suggested by Rapport)',
    description: 'Booking link to send: https://rapport.example/book/abc',
    status: 'tentative',
    organizer: { email: 'me@example.com' },
    attendees: [],
    sequence: 0,
    updatedAt: '2027-03-01T08:00:00.000Z',
    ...overrides,
  };
}

describe("Rapport's local calendar", () => {
  test('create stores an event once and says whether it was new', async () => {
    const userId = uniqueUserId();
    expect(await store.localCalendar.create(userId, aHold({ id: 'h1' }))).toBe('created');
    expect(await store.localCalendar.create(userId, aHold({ id: 'h1', title: 'second write' }))).toBe('exists');
    expect(await store.localCalendar.get(userId, 'h1')).toEqual(aHold({ id: 'h1' }));
    expect(await store.localCalendar.list(userId)).toEqual([aHold({ id: 'h1' })]);
    expect(await store.localCalendar.get(uniqueUserId(), 'h1')).toBeNull();
  });

  test('put replaces an event (a move or a cancellation)', async () => {
    const userId = uniqueUserId();
    await store.localCalendar.create(userId, aHold({ id: 'h1' }));
    const cancelled = aHold({ id: 'h1', status: 'cancelled', sequence: 1, updatedAt: '2027-03-02T08:00:00.000Z' });
    await store.localCalendar.put(userId, cancelled);
    expect(await store.localCalendar.get(userId, 'h1')).toEqual(cancelled);
  });

  test('remove says "removed" once and "already-gone" after', async () => {
    const userId = uniqueUserId();
    await store.localCalendar.create(userId, aHold({ id: 'h1' }));
    await store.localCalendar.create(userId, aHold({ id: 'h2' }));
    expect(await store.localCalendar.remove(userId, 'h1')).toBe('removed');
    expect(await store.localCalendar.remove(userId, 'h1')).toBe('already-gone');
    expect((await store.localCalendar.list(userId)).map((e) => e.id)).toEqual(['h2']);
  });

  test('removeMany takes off the events named, whether or not each is still there, and nothing else', async () => {
    const userId = uniqueUserId();
    for (const id of ['h1', 'h2', 'h3']) await store.localCalendar.create(userId, aHold({ id }));
    await store.localCalendar.removeMany(userId, ['h1', 'h3', 'never-there']);
    expect((await store.localCalendar.list(userId)).map((e) => e.id)).toEqual(['h2']);
    await store.localCalendar.removeMany(userId, ['h1', 'h3']);
    await store.localCalendar.removeMany(userId, []);
    expect((await store.localCalendar.list(userId)).map((e) => e.id)).toEqual(['h2']);
  });

  test('busyIn gives the times of the events overlapping a window, without cancelled ones or anything else of theirs', async () => {
    const userId = uniqueUserId();
    await store.localCalendar.create(userId, aHold({ id: 'before', start: '2027-03-09T07:00:00.000Z', end: '2027-03-09T08:00:00.000Z' }));
    await store.localCalendar.create(userId, aHold({ id: 'overlapping', proposalId: 'p2', start: '2027-03-09T07:45:00.000Z', end: '2027-03-09T08:15:00.000Z' }));
    await store.localCalendar.create(userId, aHold({ id: 'inside' }));
    await store.localCalendar.create(userId, aHold({ id: 'cancelled', kind: 'coffee', status: 'cancelled' }));
    await store.localCalendar.create(userId, aHold({ id: 'coffee', kind: 'coffee', status: 'confirmed', start: '2027-03-09T09:30:00.000Z', end: '2027-03-09T10:00:00.000Z' }));
    await store.localCalendar.create(userId, aHold({ id: 'after', start: '2027-03-09T10:00:00.000Z', end: '2027-03-09T10:30:00.000Z' }));
    const busy = await store.localCalendar.busyIn(userId, { from: '2027-03-09T08:00:00.000Z', to: '2027-03-09T10:00:00.000Z' });
    expect(busy.sort((a, b) => a.start.localeCompare(b.start))).toEqual([
      { kind: 'hold', proposalId: 'p2', start: '2027-03-09T07:45:00.000Z', end: '2027-03-09T08:15:00.000Z', status: 'tentative' },
      { kind: 'hold', proposalId: 'p1', start: '2027-03-09T08:30:00.000Z', end: '2027-03-09T09:00:00.000Z', status: 'tentative' },
      { kind: 'coffee', proposalId: 'p1', start: '2027-03-09T09:30:00.000Z', end: '2027-03-09T10:00:00.000Z', status: 'confirmed' },
    ]);
  });

  test('busyIn compares instants, whatever form they were written in', async () => {
    const userId = uniqueUserId();
    await store.localCalendar.create(userId, aHold({ id: 'offset', start: '2027-03-09T09:30:00+01:00', end: '2027-03-09T10:00:00+01:00' }));
    const busy = await store.localCalendar.busyIn(userId, { from: '2027-03-09T08:00:00Z', to: '2027-03-09T08:45:00Z' });
    expect(busy.map((event) => [Date.parse(event.start), Date.parse(event.end)])).toEqual([[Date.parse('2027-03-09T08:30:00.000Z'), Date.parse('2027-03-09T09:00:00.000Z')]]);
  });
});
