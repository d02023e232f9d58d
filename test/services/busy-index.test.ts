import { rmSync } from 'node:fs';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openCalendarSource } from '../../lib/adapters/calendars/sources.js';
import { CalendarUnavailable } from '../../lib/core/ports/calendar.js';
import type { Connection } from '../../lib/core/ports/connections.js';
import type { Store } from '../../lib/core/ports/store.js';
import { silentLogger } from '../../lib/runtime/log.js';
import { availability, busyIntervals, type CalendarDeps } from '../../lib/services/availability.js';
import { AvailabilityUnknown } from '../../lib/services/booking-errors.js';
import { MAX_BUSY_INTERVALS, busyFromIndex, busyIndexOf } from '../../lib/services/busy-index.js';
import { UNREADABLE_CALENDAR, syncUser, type SyncDeps } from '../../lib/services/sync.js';
import { TEST_SETTINGS } from '../support/app-server.js';
import { freshTable, uniqueUserId } from '../support/dynamo.js';
import { calendarFolder, icsCalendar } from './calendar-files.js';

const NOW = '2026-11-23T12:00:00.000Z';
const WEEK = { from: '2026-11-24T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z' };
const ME = { email: 'alex@northwind.example' };
const folder = calendarFolder();

let store: Store;
let userId: string;
/** Connections whose reads throw what a bug or a pathological file would: not a calendar error. */
let exploding: Set<string>;
let deps: SyncDeps & CalendarDeps;

beforeAll(async () => {
  ({ store } = await freshTable());
});

beforeEach(async () => {
  userId = uniqueUserId();
  exploding = new Set();
  await store.profiles.put(userId, TEST_SETTINGS);
  const open = (connection: Connection, settings: typeof TEST_SETTINGS, user: string) => {
    if (exploding.has(connection.id)) throw new RangeError('Maximum call stack size exceeded');
    return openCalendarSource(connection, settings, { store, userId: user, now: () => NOW });
  };
  deps = { store, logger: silentLogger, openSource: async (c, s, u) => open(c, s, u), openWriter: () => Promise.reject(new Error('not used')) };
});

async function connectIcs(id: string, path: string, status: Connection['status'] = 'ok') {
  await store.connections.create(userId, { id, kind: 'ics', label: id, source: path, cursor: null, status, createdAt: NOW });
}

const meeting = (uid: string, start: string, end: string) => ({ uid, start, end, summary: 'Busy', attendees: [ME, { email: `${uid}@example.com` }] });

describe('the busy index: booking pages never read a calendar whole', () => {
  it('a synced feed is answered from the index, even once the file is gone', async () => {
    const path = folder.write(`feed-${userId}.ics`, icsCalendar([meeting('a', '20261125T090000Z', '20261125T100000Z'), meeting('b', '20261126T140000Z', '20261126T143000Z')]));
    await connectIcs('feed', path);
    await syncUser(deps, userId, NOW);
    rmSync(path);

    expect(await busyIntervals(deps, userId, TEST_SETTINGS, WEEK)).toEqual([
      { start: '2026-11-25T09:00:00.000Z', end: '2026-11-25T10:00:00.000Z' },
      { start: '2026-11-26T14:00:00.000Z', end: '2026-11-26T14:30:00.000Z' },
    ]);
  });

  it('follows the calendar: a changed feed rewrites the index on the next sync', async () => {
    const name = `moving-${userId}.ics`;
    await connectIcs('feed', folder.write(name, icsCalendar([meeting('a', '20261125T090000Z', '20261125T100000Z')])));
    await syncUser(deps, userId, NOW);
    folder.write(name, icsCalendar([meeting('a', '20261127T090000Z', '20261127T100000Z')]));
    await syncUser(deps, userId, '2026-11-23T12:15:00.000Z');

    expect(await busyIntervals(deps, userId, TEST_SETTINGS, WEEK)).toEqual([{ start: '2026-11-27T09:00:00.000Z', end: '2026-11-27T10:00:00.000Z' }]);
  });

  it('past a cut, time counts as busy, never free', () => {
    const events = Array.from({ length: MAX_BUSY_INTERVALS + 5 }, (_, i) => {
      const start = Date.parse('2026-11-24T00:00:00Z') + i * 3_600_000;
      return { uid: `e${i}`, instanceKey: `e${i}`, start: new Date(start).toISOString(), end: new Date(start + 1_800_000).toISOString(), allDay: false, status: 'confirmed' as const, transparent: false, kind: 'default' as const, attendees: [] };
    });
    const index = busyIndexOf('feed', events, [], { from: '2026-11-24T00:00:00.000Z', to: '2029-01-01T00:00:00.000Z' }, NOW);
    expect(index.intervals).toHaveLength(MAX_BUSY_INTERVALS);
    const cut = events[MAX_BUSY_INTERVALS]!.start;
    expect(index.busyFrom).toBe(cut);
    const later = { from: cut, to: new Date(Date.parse(cut) + 86_400_000).toISOString() };
    expect(busyFromIndex(index, later)).toEqual([{ start: cut, end: later.to }]);
  });
});

describe('a calendar read with warnings', () => {
  it('keeps its warnings on the connection, and counts time past a cut series as busy', async () => {
    const lines = [
      'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN',
      'BEGIN:VEVENT', 'UID:tick@test', 'DTSTART:20261120T000000Z', 'DTEND:20261120T000100Z', 'RRULE:FREQ=MINUTELY;INTERVAL=2', 'SUMMARY:Tick', 'END:VEVENT',
      'BEGIN:VEVENT', 'UID:untl@test', 'DTSTART:20261124T090000Z', 'DTEND:20261124T093000Z', 'RRULE:FREQ=DAILY;UNTL=20261130T000000Z', 'SUMMARY:Daily', 'END:VEVENT',
      'END:VCALENDAR', '',
    ];
    await connectIcs('feed', folder.write(`warned-${userId}.ics`, lines.join('\r\n')));
    await syncUser(deps, userId, NOW);

    const connection = await store.connections.get(userId, 'feed');
    expect(connection?.status).toBe('ok');
    expect(connection?.warnings).toEqual(expect.arrayContaining([expect.stringContaining('untl@test: invalid'), expect.stringContaining('tick@test: the series repeats too often')]));
    // 5,000 two-minute instances from 20 November end inside 26 November: every later time is busy.
    const busy = await busyIntervals(deps, userId, TEST_SETTINGS, { from: '2026-11-28T00:00:00.000Z', to: '2026-11-29T00:00:00.000Z' });
    expect(busy).toEqual([{ start: '2026-11-28T00:00:00.000Z', end: '2026-11-29T00:00:00.000Z' }]);
  });
});

describe('one calendar fails alone', () => {
  it('an unexpected error reading one calendar marks it failed in words, and the others sync', async () => {
    await connectIcs('good', folder.write(`good-${userId}.ics`, icsCalendar([meeting('jane', '20261120T090000Z', '20261120T093000Z')])));
    await connectIcs('bad', folder.write(`bad-${userId}.ics`, icsCalendar([])));
    exploding.add('bad');

    const report = await syncUser(deps, userId, NOW);

    expect(report.connections.find((c) => c.connectionId === 'good')).toMatchObject({ status: 'ok' });
    expect(await store.connections.get(userId, 'bad')).toMatchObject({ status: 'error', lastError: UNREADABLE_CALENDAR, lastSyncAt: NOW });
    expect(report.meetingsRecorded).toBe(1);
    // Booking pages go on with the calendars that work: the failed one has no busy time to offer.
    expect(await busyIntervals(deps, userId, TEST_SETTINGS, WEEK)).toEqual([]);
  });

  it('a calendar that fails on a page view falls back to the busy time of its last sync', async () => {
    await connectIcs('feed', folder.write(`fallback-${userId}.ics`, icsCalendar([meeting('a', '20261125T090000Z', '20261125T100000Z')])));
    await syncUser(deps, userId, NOW);
    exploding.add('feed');
    expect(await busyIntervals(deps, userId, TEST_SETTINGS, WEEK)).toEqual([{ start: '2026-11-25T09:00:00.000Z', end: '2026-11-25T10:00:00.000Z' }]);
  });

  it('a working calendar that cannot be read now, with nothing indexed, makes free time unknown: nothing is offered on a guess', async () => {
    await connectIcs('never-synced', `/nonexistent/${userId}.ics`);
    await expect(busyIntervals(deps, userId, TEST_SETTINGS, WEEK)).rejects.toBeInstanceOf(AvailabilityUnknown);
    await store.connections.update(userId, 'never-synced', { status: 'error', lastError: new CalendarUnavailable('gone').message });
    expect(await busyIntervals(deps, userId, TEST_SETTINGS, WEEK)).toEqual([]);
  });
});

describe("Rapport's own calendar on a guest's page", () => {
  it('counts through its claims alone: it is not read, and its holds (offers) block nothing', async () => {
    await store.connections.create(userId, { id: 'rapport', kind: 'rapport', label: 'Rapport', cursor: null, status: 'ok', createdAt: NOW });
    await store.localCalendar.create(userId, { id: 'hold', kind: 'hold', proposalId: 'p-other', start: '2026-11-25T09:00:00.000Z', end: '2026-11-25T09:30:00.000Z', title: 'Coffee', status: 'tentative', organizer: ME, attendees: [], sequence: 0, updatedAt: NOW });
    const opened: string[] = [];
    const counting: CalendarDeps = { ...deps, openSource: async (c, s, u) => (opened.push(c.id), deps.openSource(c, s, u)) };

    // The proposer's view: the hold is busy, so it never offers that time to anyone else.
    expect((await availability(counting, userId, TEST_SETTINGS, WEEK)).busy).toEqual([{ start: '2026-11-25T09:00:00.000Z', end: '2026-11-25T09:30:00.000Z', proposalId: 'p-other' }]);
    expect(opened).toEqual(['rapport']);
    opened.length = 0;

    const guests = await availability(counting, userId, TEST_SETTINGS, WEEK, { ownCalendarByClaims: true });
    expect(opened).toEqual([]);
    expect(guests.busy).toEqual([]);
    expect(guests.connections.map((c) => c.id)).toEqual(['rapport']);
  });
});

