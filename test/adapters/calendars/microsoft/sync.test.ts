import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMicrosoftCalendar, type MicrosoftCalendarOptions } from '../../../../lib/adapters/calendars/microsoft/adapter.js';
import { openCalendarSource, storedConnectionRecords } from '../../../../lib/adapters/calendars/sources.js';
import type { Config } from '../../../../lib/runtime/config.js';
import { createLogger, silentLogger } from '../../../../lib/runtime/log.js';
import { syncUser, syncWindow, type SyncDeps } from '../../../../lib/services/sync.js';
import type { Store } from '../../../../lib/core/ports/store.js';
import { TEST_SETTINGS } from '../../../support/app-server.js';
import { freshTable, uniqueUserId } from '../../../support/dynamo.js';
import { CLIENT_SECRET, graphEvent, meetingWith, startMicrosoftWorld, startMicrosoftWorldOnFreshTable, type MicrosoftWorld } from './world.js';

/**
 * The Outlook adapter through the real Graph client and the real MSAL, against the local
 * wire-format server and DynamoDB Local.
 */

const NOW = '2026-11-23T12:00:00.000Z';
const WINDOW = syncWindow(NOW);
let store: Store;
let world: MicrosoftWorld;

beforeAll(async () => {
  ({ store, world } = await startMicrosoftWorldOnFreshTable());
});
afterAll(() => world.close());

async function newUser(email: string, connectionId = 'outlook'): Promise<string> {
  const userId = await world.connectNewUser(email, connectionId);
  await store.profiles.put(userId, { ...TEST_SETTINGS, ownerEmails: [email, 'alex@northwind.example'] });
  await store.connections.create(userId, { id: connectionId, kind: 'microsoft', label: 'Outlook', account: email, cursor: null, status: 'ok', createdAt: NOW });
  return userId;
}

function calendarOf(userId: string, extra: Partial<MicrosoftCalendarOptions> = {}) {
  return createMicrosoftCalendar({ config: world.config, secrets: world.secrets, records: storedConnectionRecords(store), userId, connectionId: 'outlook', ...extra });
}

function syncDeps(extra: Partial<MicrosoftCalendarOptions> = {}, logger = silentLogger): SyncDeps {
  return { store, logger, openSource: async (connection, _settings, userId) => calendarOf(userId, { connectionId: connection.id, ...extra }) };
}

const deltaRequests = (email: string) => world.server.graphRequests(/calendarView\/delta/).filter((r) => r.mailbox === email);

describe('Outlook sync', () => {
  it('reads the window page by page on the first sync, in UTC, and stores the delta link', async () => {
    const email = 'paging@contoso.example';
    const userId = await newUser(email);
    for (let i = 0; i < 25; i++) world.server.putEvent(email, graphEvent(`2026-11-${String(10 + (i % 10)).padStart(2, '0')}T0${i % 9}:00:00.000Z`, 30));
    // One event outside the window is not returned.
    world.server.putEvent(email, graphEvent('2027-06-01T09:00:00.000Z', 30));

    const changes = await calendarOf(userId, { pageSize: 10 }).readChanges(null, WINDOW);

    expect(changes.kind).toBe('snapshot');
    if (changes.kind !== 'snapshot') return;
    expect(changes.events).toHaveLength(25);
    const requests = deltaRequests(email);
    expect(requests).toHaveLength(3);
    expect(requests[0]!.search).toContain('startDateTime=');
    expect(requests[1]!.search).toMatch(/^\?\$skiptoken=/);
    expect(requests[2]!.search).toMatch(/^\?\$skiptoken=/);
    for (const r of requests) expect(r.prefer).toBe('outlook.timezone="UTC", odata.maxpagesize=10');
    expect(JSON.parse(changes.cursor!).link).toMatch(/\$deltatoken=/);
    expect(changes.events.every((e) => e.start.endsWith('Z'))).toBe(true);
  });

  it('costs exactly one Graph request per incremental sync of an unchanged calendar, and no token request', async () => {
    const email = 'quiet@contoso.example';
    const userId = await newUser(email);
    world.server.putEvent(email, meetingWith('bob@fabrikam.example', '2026-11-16T10:00:00.000Z'));
    await syncUser(syncDeps(), userId, NOW);
    const before = deltaRequests(email).length;
    const tokenRequestsBefore = world.server.requests.filter((r) => r.grantType).length;

    for (let i = 0; i < 3; i++) {
      const report = await syncUser(syncDeps(), userId, NOW);
      expect(report.connections[0]).toMatchObject({ status: 'ok', eventsWritten: 0, eventsRemoved: 0 });
    }

    expect(deltaRequests(email).length - before).toBe(3);
    expect(world.server.graphRequests().filter((r) => r.mailbox === email).length).toBe(before + 3);
    expect(world.server.requests.filter((r) => r.grantType).length).toBe(tokenRequestsBefore);
  });

  it('applies changes and removals from the delta link', async () => {
    const email = 'changes@contoso.example';
    const userId = await newUser(email);
    const kept = meetingWith('carol@fabrikam.example', '2026-11-17T10:00:00.000Z');
    const dropped = meetingWith('dan@fabrikam.example', '2026-11-18T10:00:00.000Z');
    world.server.putEvent(email, kept);
    world.server.putEvent(email, dropped);
    await syncUser(syncDeps(), userId, NOW);
    expect((await store.events.listByConnection(userId, 'outlook')).map((e) => e.uid).sort()).toEqual([kept.iCalUId, dropped.iCalUId].sort());

    world.server.deleteEvent(email, dropped.id);
    world.server.putEvent(email, { ...kept, subject: 'Renamed' });
    const connection = await store.connections.get(userId, 'outlook');
    const changes = await calendarOf(userId).readChanges(connection!.cursor, WINDOW);
    expect(changes).toMatchObject({ kind: 'delta', removedInstanceKeys: [dropped.iCalUId] });
    if (changes.kind === 'delta') expect(changes.events.map((e) => e.title)).toEqual(['Renamed']);

    await syncUser(syncDeps(), userId, NOW);
    const stored = await store.events.listByConnection(userId, 'outlook');
    expect(stored.map((e) => [e.uid, e.title])).toEqual([[kept.iCalUId, 'Renamed']]);
  });

  it('recovers from 410 syncStateNotFound with a full resync, keeping recorded meetings', async () => {
    const email = 'resync@contoso.example';
    const userId = await newUser(email);
    world.server.putEvent(email, meetingWith('erin@fabrikam.example', '2026-11-12T10:00:00.000Z'));
    world.server.putEvent(email, meetingWith('finn@fabrikam.example', '2026-11-13T10:00:00.000Z'));
    const first = await syncUser(syncDeps(), userId, NOW);
    expect(first.meetingsRecorded).toBe(2);

    world.server.expireDeltaTokens(email);
    const report = await syncUser(syncDeps(), userId, NOW);

    const gone = world.server.requests.filter((r) => r.status === 410 && r.mailbox === email);
    expect(gone).toHaveLength(1);
    expect(report.connections[0]).toMatchObject({ status: 'ok' });
    expect(report.meetingsRetracted).toBe(0);
    expect((await store.meetings.list(userId)).map((m) => m.with).flat().sort()).toEqual(['erin@fabrikam.example', 'finn@fabrikam.example']);
    const connection = await store.connections.get(userId, 'outlook');
    expect(JSON.parse(connection!.cursor!).link).toMatch(/\$deltatoken=/);
    // And the new delta link works: the next sync is one request again.
    const before = deltaRequests(email).length;
    await syncUser(syncDeps(), userId, NOW);
    expect(deltaRequests(email).length - before).toBe(1);
  });

  it('waits exactly Retry-After on 429, and backs off with jitter on 503 without it', async () => {
    const email = 'throttled@contoso.example';
    const userId = await newUser(email);
    world.server.putEvent(email, graphEvent('2026-11-19T10:00:00.000Z', 30));
    const waits: number[] = [];
    const sleep = async (ms: number) => {
      waits.push(ms);
    };
    world.server.fault({ match: /calendarView\/delta/, status: 429, headers: { 'Retry-After': '7' }, code: 'ApplicationThrottled', times: 2 });
    world.server.fault({ match: /calendarView\/delta/, status: 503, code: 'ServiceUnavailable', times: 1 });

    const changes = await calendarOf(userId, { sleep, random: () => 0.5 }).readChanges(null, WINDOW);

    expect(changes.kind).toBe('snapshot');
    // 7 s twice as Graph asked, then the third attempt's 503: half of a 4 s ceiling.
    expect(waits).toEqual([7000, 7000, 2000]);
    expect(deltaRequests(email).map((r) => r.status)).toEqual([429, 429, 503, 200]);
  });

  it('never has more than 4 requests in flight per mailbox, across adapter instances', async () => {
    const slowStore = (await freshTable()).store;
    const slow = await startMicrosoftWorld(slowStore);
    try {
      const email = 'busy@contoso.example';
      const userId = uniqueUserId();
      slow.server.addMailbox(email);
      await slow.connect(userId, 'outlook', email);
      const open = () => createMicrosoftCalendar({ config: slow.config, secrets: slow.secrets, records: storedConnectionRecords(slowStore), userId, connectionId: 'outlook' });
      const [a, b] = [open(), open()];
      // Graph answers nothing until four writes wait at once: the limit is reached however fast
      // the machine is, and a fifth, were it let through, would be in flight with them.
      const writes = slow.server.hold(/^POST \/v1\.0\/me\/events$/);
      const puts = Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          (i % 2 ? a : b).putHold({ id: `hold-${i}`, proposalId: 'p1', start: `2026-11-2${i % 6}T10:00:00.000Z`, end: `2026-11-2${i % 6}T10:30:00.000Z`, title: 'Coffee?' }),
        ),
      );
      await writes.waiting(4);
      writes.release();
      await puts;
      expect(slow.server.events(email)).toHaveLength(12);
      expect(slow.server.maxInFlight(email)).toBe(4);
    } finally {
      await slow.server.close();
    }
  });

  it('marks a revoked connection needs-reconnect while another user syncs normally', async () => {
    world.server.setTokenLifetime(60);
    const revoked = 'revoked@contoso.example';
    const revokedUser = await newUser(revoked);
    world.server.setTokenLifetime(3600);
    const fine = 'fine@contoso.example';
    const fineUser = await newUser(fine);
    world.server.putEvent(fine, meetingWith('gus@fabrikam.example', '2026-11-14T10:00:00.000Z'));
    world.server.revokeGrants(revoked);

    const lines: string[] = [];
    const logger = createLogger({ level: 'debug', write: (l) => lines.push(l) });
    const failed = await syncUser(syncDeps({}, logger), revokedUser, NOW);
    const ok = await syncUser(syncDeps({}, logger), fineUser, NOW);

    expect(failed.connections[0]).toMatchObject({ status: 'needs-reconnect' });
    expect((await store.connections.get(revokedUser, 'outlook'))!.status).toBe('needs-reconnect');
    expect(ok.connections[0]).toMatchObject({ status: 'ok', eventsWritten: 1 });
    expect(ok.meetingsRecorded).toBe(1);
    expect(world.server.requests.some((r) => r.grantType === 'refresh_token' && r.status === 400)).toBe(true);
    // Nothing secret reaches the logs: no access or refresh token, no client secret.
    const log = lines.join('\n');
    expect(lines.length).toBeGreaterThan(0);
    expect(log).not.toMatch(/\b(at|rt)-[0-9a-f]{48}\b/);
    expect(log).not.toContain(CLIENT_SECRET);
  });

  it('a cold MSAL instance refreshes silently from the sealed cache and seals the new one', async () => {
    world.server.setTokenLifetime(60);
    const email = 'cold@contoso.example';
    const userId = await newUser(email);
    world.server.setTokenLifetime(3600);
    const sealedBefore = await store.credentials.get(userId, 'outlook');
    expect(sealedBefore).not.toMatch(/rt-[0-9a-f]{48}/);
    const refreshesBefore = world.server.requests.filter((r) => r.grantType === 'refresh_token' && r.status === 200).length;

    // A new adapter is a new process as far as MSAL knows: nothing in memory. Each opening of
    // the sealed cache is a table read and a KMS call: MSAL touches its cache several times per
    // token, but the cache is opened once.
    let opens = 0;
    const counting = { ...world.secrets, load: (...args: Parameters<typeof world.secrets.load>) => ((opens += 1), world.secrets.load(...args)) };
    const changes = await calendarOf(userId, { secrets: counting }).readChanges(null, WINDOW);
    expect(opens).toBe(1);

    expect(changes.kind).toBe('snapshot');
    expect(world.server.requests.filter((r) => r.grantType === 'refresh_token' && r.status === 200).length).toBe(refreshesBefore + 1);
    const sealedAfter = await store.credentials.get(userId, 'outlook');
    expect(sealedAfter).not.toBe(sealedBefore);
    const opened = JSON.parse((await world.secrets.load(userId, 'outlook'))!) as { RefreshToken: Record<string, unknown>; AccessToken: Record<string, unknown>; Account: Record<string, unknown> };
    expect(Object.keys(opened.RefreshToken)).toHaveLength(1);
    expect(Object.keys(opened.AccessToken)).toHaveLength(1);
  });

  it('is opened by sources.ts for connections of kind microsoft', async () => {
    const email = 'wired@contoso.example';
    const userId = await newUser(email);
    world.server.putEvent(email, graphEvent('2026-11-19T15:00:00.000Z', 30));
    const connection = (await store.connections.get(userId, 'outlook'))!;
    const source = await openCalendarSource(connection, TEST_SETTINGS, {
      store,
      userId,
      now: () => NOW,
      config: { microsoft: world.config } as Config,
      secrets: () => world.secrets,
    });
    const changes = await source.readChanges(null, WINDOW);
    expect(changes.kind === 'snapshot' && changes.events.length).toBe(1);
  });
});
