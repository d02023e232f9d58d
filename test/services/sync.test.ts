import { rmSync } from 'node:fs';
import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { openCalendarSource } from '../../lib/adapters/calendars/sources.js';
import { parseConfig } from '../../lib/runtime/config.js';
import { silentLogger } from '../../lib/runtime/log.js';
import { TokenSealingNotConfigured } from '../../lib/runtime/runtime.js';
import { pushCovers } from '../../lib/core/domain/read-schedule.js';
import { syncUser, type SyncDeps } from '../../lib/services/sync.js';
import { pullTimesOf } from '../support/wake.js';
import type { Store } from '../../lib/core/ports/store.js';
import { createStore } from '../../lib/adapters/store/store.js';
import { TEST_SETTINGS } from '../support/app-server.js';
import { freshTable, uniqueUserId } from '../support/dynamo.js';
import { calendarFolder, icsCalendar, type IcsEventSpec } from './calendar-files.js';

const ME = { email: 'alex@northwind.example', partstat: 'ACCEPTED' };
const coffeeWithJane: IcsEventSpec = {
  uid: 'coffee-jane@test',
  start: '20261102T090000Z',
  end: '20261102T093000Z',
  summary: 'Coffee',
  attendees: [ME, { email: 'Jane@Example.com', name: 'Jane Doe' }],
};
const coffeeWithOmar: IcsEventSpec = {
  uid: 'coffee-omar@test',
  start: '20261125T090000Z',
  end: '20261125T093000Z',
  summary: 'Coffee',
  attendees: [ME, { email: 'omar@example.com', name: 'Omar' }],
};
const declined: IcsEventSpec = {
  uid: 'declined@test',
  start: '20261103T090000Z',
  end: '20261103T100000Z',
  summary: 'Pitch',
  attendees: [{ ...ME, partstat: 'DECLINED' }, { email: 'sam@example.com' }],
};

const NOW = '2026-11-23T12:00:00.000Z';

let store: Store;
let client: DynamoDBDocumentClient;
let tableName: string;
let writes: number;
/** Store operations that consumed read capacity, by name (e.g. `events.listByConnection`). */
let readOps: string[];
let deps: SyncDeps;
let userId: string;
const folder = calendarFolder();

async function connect(id: string, path: string) {
  await store.connections.create(userId, { id, kind: 'ics', label: id, source: path, cursor: null, status: 'ok', createdAt: NOW });
}

beforeEach(async () => {
  writes = 0;
  readOps = [];
  ({ store, client, tableName } = await freshTable({
    onConsumedCapacity: (u) => {
      writes += u.write > 0 ? 1 : 0;
      if (u.read > 0) readOps.push(u.op);
    },
  }));
  userId = uniqueUserId();
  deps = { store, openSource: (connection, settings, user) => openCalendarSource(connection, settings, { store, userId: user, now: () => NOW }), logger: silentLogger };
  await store.profiles.put(userId, TEST_SETTINGS);
});

describe('sync run', () => {
  it('records meetings that happened, creates contacts, and skips what did not count', async () => {
    await connect('cal', folder.write(`a-${userId}.ics`, icsCalendar([coffeeWithJane, coffeeWithOmar, declined])));
    const report = await syncUser(deps, userId, NOW);
    expect(report.meetingsRecorded).toBe(1);
    const meetings = await store.meetings.list(userId);
    expect(meetings.map((m) => m.with)).toEqual([['jane@example.com']]);
    const jane = await store.contacts.get(userId, 'jane@example.com');
    expect(jane).toMatchObject({ name: 'Jane Doe', tier: 'acquaintance', lastMetAt: '2026-11-02T09:00:00.000Z', nextDueAt: '2027-05-01T09:00:00.000Z' });
    expect(await store.contacts.get(userId, 'sam@example.com')).toBeNull();
    expect(await store.contacts.get(userId, 'omar@example.com')).toBeNull();
    const [connection] = await store.connections.list(userId);
    expect(connection).toMatchObject({ status: 'ok', lastSyncAt: NOW });
  });

  it('is idempotent: a second run with no change records nothing and writes only the sync time', async () => {
    await connect('cal', folder.write(`b-${userId}.ics`, icsCalendar([coffeeWithJane, declined])));
    await syncUser(deps, userId, NOW);
    const contactsBefore = await store.contacts.list(userId);
    writes = 0;
    readOps = [];
    const again = await syncUser(deps, userId, '2026-11-23T12:15:00.000Z');
    expect(again).toMatchObject({ meetingsRecorded: 0, meetingsRetracted: 0, contactsChanged: 0 });
    expect(again.connections[0]).toMatchObject({ eventsWritten: 0, eventsRemoved: 0 });
    expect(writes).toBe(0);
    // The sweep's common case reads the profile and the connections, and nothing else.
    expect(readOps.sort()).toEqual(['connections.list', 'profiles.get']);
    expect(await store.contacts.list(userId)).toEqual(contactsBefore);
  });

  it('a sync of one notified calendar leaves the others as they were, a failing one still failing', async () => {
    await connect('good', folder.write(`p-${userId}.ics`, icsCalendar([coffeeWithJane])));
    await connect('broken', `/nonexistent/${userId}.ics`);
    await syncUser(deps, userId, NOW);
    expect((await store.connections.get(userId, 'broken'))?.status).toBe('error');
    const brokenBefore = await store.connections.get(userId, 'broken');

    const report = await syncUser(deps, userId, '2026-11-23T12:05:00.000Z', { connectionId: 'good' });

    expect(report.connections.map((c) => c.connectionId)).toEqual(['good']);
    expect(await store.connections.get(userId, 'broken')).toEqual(brokenBefore);
  });

  it('refreshes the sync time of an unchanged calendar every six hours, not every sweep', async () => {
    await connect('cal', folder.write(`h-${userId}.ics`, icsCalendar([coffeeWithJane])));
    await syncUser(deps, userId, NOW);
    writes = 0;
    await syncUser(deps, userId, '2026-11-23T12:45:00.000Z');
    await syncUser(deps, userId, '2026-11-23T17:45:00.000Z');
    expect(writes).toBe(0);
    expect((await store.connections.get(userId, 'cal'))?.lastSyncAt).toBe(NOW);
    await syncUser(deps, userId, '2026-11-23T18:00:00.000Z');
    expect(writes).toBe(1);
    expect((await store.connections.get(userId, 'cal'))?.lastSyncAt).toBe('2026-11-23T18:00:00.000Z');
  });

  it("Rapport's own calendar is the store itself: unchanged, it gets no sync-time writes at all", async () => {
    await store.connections.create(userId, { id: 'rapport', kind: 'rapport', label: 'Rapport', cursor: null, status: 'ok', createdAt: NOW });
    await syncUser(deps, userId, NOW);
    writes = 0;
    await syncUser(deps, userId, '2026-11-23T13:00:00.000Z');
    await syncUser(deps, userId, '2026-11-23T19:00:00.000Z');
    expect(writes).toBe(0);
    expect((await store.connections.get(userId, 'rapport'))?.lastSyncAt).toBe(NOW);
  });

  it('the sweep reads a calendar with a live push channel only every twelve hours; a push or a manual sync reads it at once', async () => {
    // An Outlook connection whose calendar is served from an ICS file: the provider is not the
    // point here, only whether the sweep opens it.
    const path = folder.write(`push-${userId}.ics`, icsCalendar([coffeeWithJane]));
    let opened = 0;
    const counting: SyncDeps = { ...deps, openSource: (connection, settings, user) => ((opened += 1), deps.openSource({ ...connection, kind: 'ics', source: path }, settings, user)) };
    await store.connections.create(userId, { id: 'cal', kind: 'microsoft', label: 'Outlook', account: 'alex@northwind.example', cursor: null, status: 'ok', createdAt: NOW });
    await syncUser(counting, userId, NOW);
    // A live channel (Google channel or Graph subscription): its notifications trigger reads.
    await store.connections.update(userId, 'cal', { push: { id: 'channel-1', expiresAt: '2026-11-26T12:00:00.000Z' } });
    opened = 0;
    await syncUser(counting, userId, '2026-11-23T12:15:00.000Z', { sweep: true });
    await syncUser(counting, userId, '2026-11-23T13:00:00.000Z', { sweep: true });
    await syncUser(counting, userId, '2026-11-23T23:45:00.000Z', { sweep: true });
    expect(opened).toBe(0);
    await syncUser(counting, userId, '2026-11-24T00:00:00.000Z', { sweep: true });
    expect(opened).toBe(1);
    await syncUser(counting, userId, '2026-11-24T00:05:00.000Z', { connectionId: 'cal' });
    await syncUser(counting, userId, '2026-11-24T00:06:00.000Z');
    expect(opened).toBe(3);

    // A channel that has lapsed no longer covers the calendar: every sweep reads it again.
    await store.connections.update(userId, 'cal', { push: { id: 'channel-1', expiresAt: '2026-11-24T00:10:00.000Z' } });
    opened = 0;
    await syncUser(counting, userId, '2026-11-24T00:15:00.000Z', { sweep: true });
    expect(opened).toBe(1);
  });

  it('a Google channel watches the primary calendar only: other counted calendars are swept every time', async () => {
    const google = { id: 'g', kind: 'google', label: 'g', account: 'alex@northwind.example', cursor: null, status: 'ok', createdAt: NOW, lastSyncAt: NOW, push: { id: 'c', expiresAt: '2026-11-26T12:00:00.000Z' } } as const;
    const primaryOnly = { ...google, calendars: [{ id: 'alex@northwind.example', label: 'Alex', counts: true, primary: true }, { id: 'holidays', label: 'Holidays', counts: false }] };
    const twoCounted = { ...google, calendars: [{ id: 'alex@northwind.example', label: 'Alex', counts: true, primary: true }, { id: 'team', label: 'Team', counts: true }] };
    expect(pushCovers(primaryOnly, '2026-11-23T12:15:00.000Z')).toBe(true);
    expect(pushCovers(twoCounted, '2026-11-23T12:15:00.000Z')).toBe(false);
    expect(pushCovers({ ...primaryOnly, push: undefined }, '2026-11-23T12:15:00.000Z')).toBe(false);
  });

  it('an Outlook or Google connection whose tokens cannot be opened here fails alone; the other calendars still sync', async () => {
    await connect('cal', folder.write(`sealing-${userId}.ics`, icsCalendar([coffeeWithJane])));
    for (const kind of ['microsoft', 'google'] as const) {
      await store.connections.create(userId, { id: kind, kind, label: kind, account: 'alex@northwind.example', cursor: null, status: 'ok', createdAt: NOW });
    }
    // Providers configured, but no RAPPORT_TOKEN_KEY / RAPPORT_KMS_KEY_ID: opening tokens throws.
    const config = parseConfig({ RAPPORT_MICROSOFT_CLIENT_ID: 'id', RAPPORT_MICROSOFT_CLIENT_SECRET: 's', RAPPORT_GOOGLE_CLIENT_ID: 'id', RAPPORT_GOOGLE_CLIENT_SECRET: 's' });
    const secrets = () => {
      throw new TokenSealingNotConfigured('no sealing key');
    };
    const unsealed: SyncDeps = { ...deps, openSource: (connection, settings, user) => openCalendarSource(connection, settings, { store, userId: user, now: () => NOW, config, secrets }) };
    const report = await syncUser(unsealed, userId, NOW);
    expect(report.meetingsRecorded).toBe(1);
    expect(Object.fromEntries(report.connections.map((c) => [c.connectionId, c.status]))).toEqual({ cal: 'ok', microsoft: 'error', google: 'error' });
  });

  it('records a meeting once its end has passed, without any calendar change', async () => {
    await connect('cal', folder.write(`c-${userId}.ics`, icsCalendar([coffeeWithJane, coffeeWithOmar])));
    await syncUser(deps, userId, NOW);
    const later = await syncUser(deps, userId, '2026-11-25T09:31:00.000Z');
    expect(later.connections[0]?.eventsWritten).toBe(0);
    expect(later.meetingsRecorded).toBe(1);
    expect(await store.contacts.get(userId, 'omar@example.com')).toMatchObject({ firstMetAt: '2026-11-25T09:00:00.000Z' });
  });

  it('after an event ends, the sweep infers from the end-time index alone, with the outcome a full inference has', async () => {
    // Within a day of NOW, so the files' last read still covers the window and they read as unchanged.
    const omar: IcsEventSpec = { ...coffeeWithOmar, start: '20261124T090000Z', end: '20261124T093000Z' };
    const withLina: IcsEventSpec = { ...coffeeWithOmar, uid: 'lina@test', start: '20261124T140000Z', end: '20261124T150000Z', attendees: [ME, { email: 'lina@example.com' }] };
    const focus: IcsEventSpec = { uid: 'focus@test', start: '20261124T060000Z', end: '20261124T080000Z', summary: 'Focus', attendees: [] };
    const files = (prefix: string) => [folder.write(`${prefix}1-${userId}.ics`, icsCalendar([coffeeWithJane, omar, focus])), folder.write(`${prefix}2-${userId}.ics`, icsCalendar([omar, withLina]))];
    const [work, home] = files('e');
    await connect('work', work!);
    await connect('home', home!);
    await syncUser(deps, userId, NOW);
    // The focus block has nobody on it: its end is no reason to infer again.
    expect((await store.connections.list(userId)).map((c) => c.nextEndAt)).toEqual(['2026-11-24T09:30:00.000Z', '2026-11-24T09:30:00.000Z']);

    readOps = [];
    const after = '2026-11-24T09:31:00.000Z';
    const report = await syncUser(deps, userId, after, { sweep: true });
    expect(report.meetingsRecorded).toBe(1);
    expect(readOps).toContain('events.endedBetween');
    expect(readOps).not.toContain('events.listByConnection');
    expect(readOps).not.toContain('contacts.list');
    // The next marker is the next end of an event someone else is on.
    expect((await store.connections.list(userId)).map((c) => c.nextEndAt)).toEqual(['2026-11-24T15:00:00.000Z', '2026-11-24T15:00:00.000Z']);

    // The same calendars inferred in full at the same instant, for another user: the same record.
    const fullUser = uniqueUserId();
    await store.profiles.put(fullUser, TEST_SETTINGS);
    const [work2, home2] = files('f');
    for (const [id, source] of [['work', work2!], ['home', home2!]] as const) {
      await store.connections.create(fullUser, { id, kind: 'ics', label: id, source, cursor: null, status: 'ok', createdAt: NOW });
    }
    await syncUser(deps, fullUser, after);
    const strip = <T extends object>(items: T[]) => items.map((item) => JSON.parse(JSON.stringify(item)) as T);
    expect(strip(await store.meetings.list(userId))).toEqual(strip(await store.meetings.list(fullUser)));
    expect(strip(await store.contacts.list(userId))).toEqual(strip(await store.contacts.list(fullUser)));
  });

  it('a calendar synced before the end-time index existed is indexed by its next full inference, then takes the index path', async () => {
    const path = folder.write(`i-${userId}.ics`, icsCalendar([coffeeWithJane, coffeeWithOmar]));
    await connect('cal', path);
    await syncUser(deps, userId, NOW);
    // As an older release left it: events without index keys, no marker on the connection.
    for (const event of await store.events.listByConnection(userId, 'cal')) {
      await client.send(new UpdateCommand({ TableName: tableName, Key: { pk: `USER#${userId}`, sk: `EVENT#cal#${event.instanceKey}` }, UpdateExpression: 'REMOVE endPk, endAt' }));
    }
    await store.connections.update(userId, 'cal', { endIndexed: undefined });
    expect(await store.events.endedBetween(userId, NOW, '2026-12-31T00:00:00.000Z')).toEqual([]);

    readOps = [];
    expect((await syncUser(deps, userId, '2026-11-25T09:31:00.000Z', { sweep: true })).meetingsRecorded).toBe(1);
    expect(readOps).toContain('events.listByConnection');
    expect((await store.events.endedBetween(userId, NOW, '2026-12-31T00:00:00.000Z')).map((e) => e.uid)).toEqual(['coffee-omar@test']);
    expect((await store.connections.get(userId, 'cal'))?.endIndexed).toBe(true);
  });

  it('a calendar that is read afresh (a new day, a changed file) is inferred in full, and the next end again from the index', async () => {
    const omar: IcsEventSpec = { ...coffeeWithOmar, start: '20261124T090000Z', end: '20261124T093000Z' };
    const lina: IcsEventSpec = { ...coffeeWithOmar, uid: 'lina@test', start: '20261124T140000Z', end: '20261124T150000Z', attendees: [ME, { email: 'lina@example.com' }] };
    const path = folder.write(`j-${userId}.ics`, icsCalendar([coffeeWithJane, omar]));
    await connect('cal', path);
    await syncUser(deps, userId, NOW);
    folder.write(`j-${userId}.ics`, icsCalendar([coffeeWithJane, omar, lina]));
    readOps = [];
    expect((await syncUser(deps, userId, '2026-11-24T09:31:00.000Z', { sweep: true })).meetingsRecorded).toBe(1);
    expect(readOps).toContain('events.listByConnection');
    readOps = [];
    expect((await syncUser(deps, userId, '2026-11-24T15:01:00.000Z', { sweep: true })).meetingsRecorded).toBe(1);
    expect(readOps).not.toContain('events.listByConnection');
    expect((await store.meetings.list(userId)).map((m) => m.with)).toEqual([['jane@example.com'], ['omar@example.com'], ['lina@example.com']]);
    expect((await store.connections.get(userId, 'cal'))?.nextEndAt).toBeUndefined();
  });

  it('a change to what has not happened yet is stored without inferring: no other calendar, meeting or contact is read; its end is inferred from the index', async () => {
    const lina: IcsEventSpec = { ...coffeeWithOmar, uid: 'lina@test', start: '20261124T140000Z', end: '20261124T150000Z', attendees: [ME, { email: 'lina@example.com' }] };
    const workPath = folder.write(`w-${userId}.ics`, icsCalendar([coffeeWithJane]));
    await connect('work', workPath);
    await connect('home', folder.write(`h-${userId}.ics`, icsCalendar([declined])));
    await syncUser(deps, userId, NOW);
    folder.write(`w-${userId}.ics`, icsCalendar([coffeeWithJane, lina]));

    readOps = [];
    const report = await syncUser(deps, userId, '2026-11-23T12:15:00.000Z', { sweep: true });
    expect(report).toMatchObject({ meetingsRecorded: 0, meetingsRetracted: 0, contactsChanged: 0 });
    expect(report.connections.find((c) => c.connectionId === 'work')).toMatchObject({ eventsWritten: 1, eventsRemoved: 0 });
    // The changed calendar's stored events, to apply the change to; nothing else.
    expect(readOps.filter((op) => op === 'events.listByConnection')).toHaveLength(1);
    expect(readOps).not.toContain('meetings.list');
    expect(readOps).not.toContain('contacts.list');
    expect((await store.connections.get(userId, 'work'))?.nextEndAt).toBe('2026-11-24T15:00:00.000Z');

    readOps = [];
    expect((await syncUser(deps, userId, '2026-11-24T15:01:00.000Z', { sweep: true })).meetingsRecorded).toBe(1);
    expect(readOps).toContain('events.endedBetween');
    expect((await store.meetings.list(userId)).map((m) => m.with)).toEqual([['jane@example.com'], ['lina@example.com']]);
  });

  it('a sync that stores an event ending before what the sweep last counted on wakes the sweep for that end', async () => {
    // The store on the syncs' clock: a pull is written only within the next twelve hours.
    let clock = NOW;
    const clocked = createStore({ client, tableName, now: () => clock });
    const syncAt = (at: string, options: Parameters<typeof syncUser>[3] = {}) => ((clock = at), syncUser({ ...deps, store: clocked }, userId, at, options));
    const pullsOf = () => pullTimesOf(clocked, userId);
    const dinner: IcsEventSpec = { ...coffeeWithOmar, uid: 'dinner@test', start: '20261123T190000Z', end: '20261123T210000Z' };
    const wakePath = folder.write(`wake-${userId}.ics`, icsCalendar([dinner]));
    await connect('work', wakePath);
    await syncAt(NOW);
    expect(await pullsOf()).toContain('2026-11-23T21:00:00.000Z');
    // A meeting added for this afternoon, seen by a notified sync: its end comes first.
    const lina: IcsEventSpec = { ...coffeeWithOmar, uid: 'lina@test', start: '20261123T160000Z', end: '20261123T170000Z', attendees: [ME, { email: 'lina@example.com' }] };
    folder.write(`wake-${userId}.ics`, icsCalendar([dinner, lina]));
    await syncAt('2026-11-23T12:15:00.000Z', { connectionId: 'work' });
    expect(await pullsOf()).toContain('2026-11-23T17:00:00.000Z');
    // A notified sync that cannot read the calendar leaves it to the sweep, from the next tick.
    rmSync(wakePath);
    await syncAt('2026-11-23T12:20:00.000Z', { connectionId: 'work' });
    expect(await pullsOf()).toContain('2026-11-23T12:20:00.000Z');
  });

  it('retracts a recorded meeting when the calendar later shows it cancelled, and rebuilds the contact', async () => {
    const path = folder.write(`d-${userId}.ics`, icsCalendar([coffeeWithJane]));
    await connect('cal', path);
    await syncUser(deps, userId, NOW);
    folder.write(`d-${userId}.ics`, icsCalendar([{ ...coffeeWithJane, status: 'CANCELLED' }]));
    const report = await syncUser(deps, userId, NOW);
    expect(report.meetingsRetracted).toBe(1);
    expect(await store.meetings.list(userId)).toEqual([]);
    const jane = await store.contacts.get(userId, 'jane@example.com');
    expect(jane?.lastMetAt).toBeUndefined();
    expect(jane?.nextDueAt).toBeNull();
  });

  it('keeps meetings already recorded when an event leaves the calendar', async () => {
    await connect('cal', folder.write(`e-${userId}.ics`, icsCalendar([coffeeWithJane])));
    await syncUser(deps, userId, NOW);
    folder.write(`e-${userId}.ics`, icsCalendar([]));
    const report = await syncUser(deps, userId, NOW);
    expect(report.connections[0]?.eventsRemoved).toBe(1);
    expect(await store.meetings.list(userId)).toHaveLength(1);
  });

  it('a calendar that keeps failing costs a sweep no more than a healthy one, and its stored events still become meetings as they end', async () => {
    const withLina: IcsEventSpec = { ...coffeeWithOmar, uid: 'lina@test', start: '20261124T140000Z', end: '20261124T150000Z', attendees: [ME, { email: 'lina@example.com' }] };
    await connect('cal', folder.write(`k1-${userId}.ics`, icsCalendar([coffeeWithJane])));
    const breaking = folder.write(`k2-${userId}.ics`, icsCalendar([withLina]));
    await connect('breaking', breaking);
    await syncUser(deps, userId, NOW, { sweep: true });
    folder.write(`k2-${userId}.ics`, icsCalendar([withLina]).replace('END:VCALENDAR', ''));
    await syncUser(deps, userId, '2026-11-23T12:15:00.000Z', { sweep: true });
    expect((await store.connections.get(userId, 'breaking'))?.status).toBe('error');

    // Still failing, nothing ended: the profile and the connections, as for a healthy user.
    readOps = [];
    const quiet = await syncUser(deps, userId, '2026-11-23T12:30:00.000Z', { sweep: true });
    expect(quiet.connections.map((c) => c.status)).toEqual(['error', 'ok']);
    expect(readOps.sort()).toEqual(['connections.list', 'profiles.get']);

    // Its coffee with Lina ends: recorded from the end-time index, no calendar read in full.
    readOps = [];
    const ended = await syncUser(deps, userId, '2026-11-24T15:01:00.000Z', { sweep: true });
    expect(ended.meetingsRecorded).toBe(1);
    expect(await store.contacts.get(userId, 'lina@example.com')).toMatchObject({ lastMetAt: '2026-11-24T14:00:00.000Z' });
    expect(readOps).toContain('events.endedBetween');
    expect(readOps).not.toContain('events.listByConnection');
    expect((await store.connections.get(userId, 'breaking'))?.status).toBe('error');
  });

  it('the same failure is written once, again six hours on, and at once when the reason changes', async () => {
    const path = folder.write(`w-${userId}.ics`, icsCalendar([coffeeWithJane]));
    await connect('cal', path);
    await syncUser(deps, userId, NOW, { sweep: true });
    folder.write(`w-${userId}.ics`, icsCalendar([coffeeWithJane]).replace('END:VCALENDAR', ''));
    const at = (minutes: number) => new Date(Date.parse(NOW) + minutes * 60_000).toISOString();
    await syncUser(deps, userId, at(15), { sweep: true });
    const failed = await store.connections.get(userId, 'cal');
    expect(failed).toMatchObject({ status: 'error', lastSyncAt: at(15) });

    writes = 0;
    for (const minutes of [30, 45, 60, 360]) await syncUser(deps, userId, at(minutes), { sweep: true });
    expect(writes).toBe(0);
    expect(await store.connections.get(userId, 'cal')).toEqual(failed);

    await syncUser(deps, userId, at(375), { sweep: true });
    expect(writes).toBe(1);
    expect(await store.connections.get(userId, 'cal')).toMatchObject({ status: 'error', lastSyncAt: at(375), lastError: failed?.lastError });

    rmSync(path);
    await syncUser(deps, userId, at(390), { sweep: true });
    expect(writes).toBe(2);
    expect((await store.connections.get(userId, 'cal'))?.lastError).not.toBe(failed?.lastError);
  });

  it('a file that is no longer a calendar marks that connection in error, names the line, and changes nothing stored', async () => {
    const path = folder.write(`f-${userId}.ics`, icsCalendar([coffeeWithJane]));
    await connect('cal', path);
    await syncUser(deps, userId, NOW);
    const eventsBefore = await store.events.listByConnection(userId, 'cal');
    folder.write(`f-${userId}.ics`, icsCalendar([coffeeWithJane]).replace('END:VCALENDAR', ''));
    const report = await syncUser(deps, userId, NOW);
    expect(report.connections[0]).toMatchObject({ status: 'error' });
    expect(report.connections[0]?.error).toMatch(/line \d+/);
    const [connection] = await store.connections.list(userId);
    expect(connection?.status).toBe('error');
    expect(await store.events.listByConnection(userId, 'cal')).toEqual(eventsBefore);
    expect(await store.meetings.list(userId)).toHaveLength(1);
  });

  it('the same meeting on two calendars (same UID) counts once', async () => {
    await connect('work', folder.write(`g1-${userId}.ics`, icsCalendar([coffeeWithJane])));
    await connect('home', folder.write(`g2-${userId}.ics`, icsCalendar([coffeeWithJane])));
    const report = await syncUser(deps, userId, NOW);
    expect(report.meetingsRecorded).toBe(1);
    expect(await store.meetings.list(userId)).toHaveLength(1);
  });

  it('keeps a tier the user changed, when a later sync records a new meeting with them', async () => {
    const path = folder.write(`h-${userId}.ics`, icsCalendar([coffeeWithJane]));
    await connect('cal', path);
    await syncUser(deps, userId, NOW);
    await store.contacts.update(userId, 'jane@example.com', { tier: 'close' });
    folder.write(`h-${userId}.ics`, icsCalendar([coffeeWithJane, { ...coffeeWithJane, uid: 'again@test', start: '20261120T090000Z', end: '20261120T093000Z' }]));
    await syncUser(deps, userId, NOW);
    const jane = await store.contacts.get(userId, 'jane@example.com');
    expect(jane).toMatchObject({ tier: 'close', lastMetAt: '2026-11-20T09:00:00.000Z', nextDueAt: '2026-12-20T09:00:00.000Z' });
  });
});
