import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CalendarSource } from '../../../../lib/core/ports/calendar.js';
import { silentLogger } from '../../../../lib/runtime/log.js';
import { syncUser, syncWindow, type SyncDeps } from '../../../../lib/services/sync.js';
import type { Config } from '../../../../lib/runtime/config.js';
import type { Store } from '../../../../lib/core/ports/store.js';
import { TEST_SETTINGS } from '../../../support/app-server.js';
import { uniqueUserId } from '../../../support/dynamo.js';
import { googleEvent, startGoogleWorldOnFreshTable, type GoogleWorld } from '../../../support/google.js';

const NOW = '2026-11-23T12:00:00.000Z';
const ME = 'alex@northwind.example';
const LIST = /\/calendar\/v3\/calendars\/[^/]+\/events$/;

let store: Store;
let world: GoogleWorld;

beforeAll(async () => {
  ({ store, world } = await startGoogleWorldOnFreshTable(NOW));
});
afterAll(() => world.close());

async function userWith(email: string) {
  const { userId, connection } = await world.connectNewUser(email);
  await store.profiles.put(userId, { ...TEST_SETTINGS, ownerEmails: [email] });
  return { userId, connection };
}

describe('Google incremental sync through the official client', () => {
  it('reads 5,000 events in exactly two list requests, then an unchanged calendar costs exactly one', async () => {
    const email = 'five-thousand@example.com';
    const { userId, connection } = await userWith(email);
    const start = Date.parse('2026-10-01T08:00:00.000Z');
    for (let i = 0; i < 5000; i += 1) {
      world.fake.putEvent(email, googleEvent(`bulk${i.toString().padStart(5, '0')}`, new Date(start + i * 15 * 60_000).toISOString(), 10));
    }
    const source: CalendarSource = await world.open(userId, connection);
    const before = world.fake.count('GET', LIST);
    const full = await source.readChanges(null, syncWindow(NOW));
    expect(world.fake.count('GET', LIST) - before).toBe(2);
    expect(full.kind).toBe('snapshot');
    if (full.kind !== 'snapshot') return;
    expect(full.events).toHaveLength(5000);
    const pages = world.fake.requests.slice(-2);
    expect(pages.map((p) => p.query.get('maxResults'))).toEqual(['2500', '2500']);
    expect(pages.every((p) => p.query.get('singleEvents') === 'true' && p.query.get('showDeleted') === null)).toBe(true);

    const afterFull = world.fake.count('GET', LIST);
    const again = await source.readChanges(full.cursor, syncWindow(NOW));
    expect(world.fake.count('GET', LIST) - afterFull).toBe(1);
    expect(again.kind).toBe('unchanged');
    const last = world.fake.requests.at(-1)!;
    expect(last.query.get('syncToken')).toBeTruthy();
    expect(last.query.get('timeMin')).toBeNull();
    expect(last.query.get('singleEvents')).toBe('true');
  });

  it('ten changed events cost one request and come back as a delta; a deletion comes back cancelled', async () => {
    const email = 'ten-changes@example.com';
    const { userId, connection } = await userWith(email);
    for (let i = 0; i < 30; i += 1) world.fake.putEvent(email, googleEvent(`evt${i.toString().padStart(3, '0')}`, `2026-11-${10 + (i % 10)}T09:00:00.000Z`, 30, [{ email, self: true }, { email: `p${i}@example.com` }]));
    const source = await world.open(userId, connection);
    const full = await source.readChanges(null, syncWindow(NOW));
    for (let i = 0; i < 9; i += 1) world.fake.putEvent(email, googleEvent(`evt${i.toString().padStart(3, '0')}`, `2026-11-${10 + (i % 10)}T10:00:00.000Z`, 30, [{ email, self: true }, { email: `p${i}@example.com` }]));
    world.fake.deleteEvent(email, 'evt029');
    const before = world.fake.count('GET', LIST);
    const delta = await source.readChanges(full.cursor, syncWindow(NOW));
    expect(world.fake.count('GET', LIST) - before).toBe(1);
    expect(delta.kind).toBe('delta');
    if (delta.kind !== 'delta') return;
    expect(delta.events).toHaveLength(10);
    expect(delta.events.filter((e) => e.status === 'cancelled').map((e) => e.uid)).toEqual(['evt029@google.com']);
    expect(delta.events.find((e) => e.uid === 'evt000@google.com')?.start).toBe('2026-11-10T10:00:00.000Z');
    // The deletion arrived with only its id, so it was read once more (events.get) to learn which event it was.
    expect(world.fake.count('GET', /\/events\/evt029$/)).toBe(1);
  });

  it('gives each calendar that counts its own sync token and counts an event on two of them once', async () => {
    const email = 'two-calendars@example.com';
    const userId = uniqueUserId();
    await store.profiles.put(userId, { ...TEST_SETTINGS, ownerEmails: [email] });
    world.fake.addAccount(email, [{ id: 'team@group.calendar.google.com', summary: 'Team' }]);
    const connection = await world.connect(userId, email, {
      now: NOW,
      calendars: [
        { id: email, label: email, counts: true, primary: true },
        { id: 'team@group.calendar.google.com', label: 'Team', counts: true },
        { id: 'holidays@group.v.calendar.google.com', label: 'Holidays', counts: false },
      ],
    });
    const shared = googleEvent('sharedevt1', '2026-11-12T09:00:00.000Z', 30, [{ email }, { email: 'kim@example.com' }]);
    world.fake.putEvent(email, shared);
    world.fake.putEvent('team@group.calendar.google.com', shared);
    world.fake.putEvent('team@group.calendar.google.com', googleEvent('teamonly1', '2026-11-13T09:00:00.000Z', 30));
    const source = await world.open(userId, connection);
    const full = await source.readChanges(null, syncWindow(NOW));
    expect(full.kind === 'snapshot' && full.events.map((e) => e.uid).sort()).toEqual(['sharedevt1@google.com', 'teamonly1@google.com']);
    expect(Object.keys(JSON.parse(full.cursor!).tokens).sort()).toEqual(['primary', 'team@group.calendar.google.com']);

    world.fake.putEvent('team@group.calendar.google.com', googleEvent('teamonly2', '2026-11-14T09:00:00.000Z', 30));
    const before = world.fake.count('GET', LIST);
    const delta = await source.readChanges(full.cursor, syncWindow(NOW));
    expect(world.fake.count('GET', LIST) - before).toBe(2); // one per calendar that counts
    expect(delta.kind === 'delta' && delta.events.map((e) => e.uid)).toEqual(['teamonly2@google.com']);
  });

  it('recovers from 410 with a full resync and keeps every meeting already recorded', async () => {
    const email = 'expired-token@example.com';
    const { userId } = await userWith(email);
    const deps: SyncDeps = {
      store,
      logger: silentLogger,
      openSource: async (connection, _settings, user) => world.open(user, connection),
    };
    world.fake.putEvent(email, googleEvent('coffeejane1', '2026-11-02T09:00:00.000Z', 30, [{ email, self: true }, { email: 'jane@example.com' }]));
    world.fake.putEvent(email, googleEvent('coffeeomar1', '2026-11-03T09:00:00.000Z', 30, [{ email, self: true }, { email: 'omar@example.com' }]));
    const first = await syncUser(deps, userId, NOW);
    expect(first.meetingsRecorded).toBe(2);

    // The Omar coffee leaves the calendar while our token expires: the resync cannot tell a
    // past meeting's deletion from history, and history is never erased on a snapshot.
    world.fake.deleteEvent(email, 'coffeeomar1');
    world.fake.putEvent(email, googleEvent('coffeesam1', '2026-11-04T09:00:00.000Z', 30, [{ email, self: true }, { email: 'sam@example.com' }]));
    world.fake.expireSyncTokens(email);
    const afterExpiry = await syncUser(deps, userId, NOW);
    expect(afterExpiry.connections[0]).toMatchObject({ status: 'ok' });
    expect(afterExpiry.meetingsRetracted).toBe(0);
    const met = (await store.meetings.list(userId)).flatMap((m) => m.with).sort();
    expect(met).toEqual(['jane@example.com', 'omar@example.com', 'sam@example.com']);
    const [connection] = await store.connections.list(userId);
    expect(connection?.cursor).toBeTruthy();
    // A 410 was answered, then a full list ran (timeMin set, no syncToken).
    const lists = world.fake.requests.filter((r) => LIST.test(r.path)).slice(-2);
    expect(lists[0]!.query.get('syncToken')).toBeTruthy();
    expect(lists[1]!.query.get('syncToken')).toBeNull();
    expect(lists[1]!.query.get('timeMin')).toBeTruthy();
  });

  it('a sync token next to a time filter is refused with 400, as Google does', async () => {
    const email = 'rules@example.com';
    const { userId, connection } = await userWith(email);
    const source = await world.open(userId, connection);
    const full = await source.readChanges(null, syncWindow(NOW));
    const token = JSON.parse(full.cursor!).tokens.primary as string;
    const accessToken = (await (await import('../../../../lib/adapters/calendars/google/auth.js')).openConnectionAuth({ config: world.config, secrets: world.secrets, userId, connectionId: connection.id })).getAccessToken();
    const response = await fetch(`${world.fake.apiRoot}calendar/v3/calendars/primary/events?syncToken=${encodeURIComponent(token)}&timeMin=2026-11-01T00:00:00Z&singleEvents=true`, {
      headers: { authorization: `Bearer ${(await accessToken).token}` },
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: number; errors: { reason: string; domain: string }[]; status: string } };
    expect(body.error).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT', errors: [{ reason: 'invalid', domain: 'global' }] });
  });

  it('opens through sources.ts like production does, and an unconfigured Google only fails its own connection', async () => {
    const { openCalendarSource } = await import('../../../../lib/adapters/calendars/sources.js');
    const email = 'via-sources@example.com';
    const { userId } = await userWith(email);
    world.fake.putEvent(email, googleEvent('viasources1', '2026-11-05T09:00:00.000Z', 30, [{ email, self: true }, { email: 'lee@example.com' }]));
    const config = { google: world.config } as Config;
    const configured: SyncDeps = { store, logger: silentLogger, openSource: (c, s, u) => openCalendarSource(c, s, { store, userId: u, now: () => NOW, config, secrets: () => world.secrets }) };
    expect((await syncUser(configured, userId, NOW)).meetingsRecorded).toBe(1);

    const unconfigured: SyncDeps = { store, logger: silentLogger, openSource: (c, s, u) => openCalendarSource(c, s, { store, userId: u, now: () => NOW }) };
    const report = await syncUser(unconfigured, userId, NOW);
    expect(report.connections[0]).toMatchObject({ status: 'error', error: expect.stringMatching(/not configured/) });
    expect(await store.meetings.list(userId)).toHaveLength(1);
  });
});
