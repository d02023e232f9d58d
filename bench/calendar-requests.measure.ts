import { writeFileSync } from 'node:fs';
import { afterAll, test } from 'vitest';
import { createMicrosoftCalendar } from '../lib/adapters/calendars/microsoft/adapter.js';
import { storedConnectionRecords } from '../lib/adapters/calendars/sources.js';
import { silentLogger } from '../lib/runtime/log.js';
import { syncUser, syncWindow, type SyncDeps } from '../lib/services/sync.js';
import { TEST_SETTINGS } from '../test/support/app-server.js';
import { freshTable, uniqueUserId } from '../test/support/dynamo.js';
import { graphEvent, meetingWith, startMicrosoftWorld } from '../test/adapters/calendars/microsoft/world.js';
import { googleEvent, startGoogleWorld } from '../test/support/google.js';

/**
 * Section 1 of the benchmark: calendar requests per sync, counted on the local wire-format
 * servers, through the real client libraries. Writes its figures to BENCH_CALENDAR_OUT.
 */

const NOW = '2026-11-23T12:00:00.000Z';
const EVENTS = 5_000;
const CHANGED = 10;
const figures: Record<string, number> = {};

afterAll(() => {
  writeFileSync(process.env.BENCH_CALENDAR_OUT ?? 'bench/.calendar-requests.json', JSON.stringify(figures));
});

/** Spread over the sync window, 30 minutes each. */
function startOf(i: number): string {
  const window = syncWindow(NOW);
  const span = Date.parse(window.to) - Date.parse(window.from) - 3_600_000;
  return new Date(Date.parse(window.from) + Math.floor((span / EVENTS) * i / 60_000) * 60_000).toISOString();
}

test('Google Calendar', async () => {
  const { store } = await freshTable();
  const world = await startGoogleWorld(store, { now: () => NOW });
  try {
    const email = 'bench@example.com';
    const userId = uniqueUserId();
    await store.profiles.put(userId, { ...TEST_SETTINGS, ownerEmails: [email] });
    await world.connect(userId, email, { now: NOW });
    const ids = Array.from({ length: EVENTS }, (_, i) => `bench${String(i).padStart(5, '0')}`);
    const attendees = (i: number) => (i % 3 === 0 ? [{ email, self: true }, { email: `guest${i}@example.com` }] : []);
    ids.forEach((id, i) => world.fake.putEvent(email, googleEvent(id, startOf(i), 30, attendees(i))));
    const deps: SyncDeps = { store, logger: silentLogger, openSource: async (c, _settings, user) => world.open(user, c) };
    const calendarCalls = () => world.fake.requests.filter((r) => r.path.startsWith('/calendar/v3/')).length;
    const listCalls = () => world.fake.count('GET', /\/calendar\/v3\/calendars\/[^/]+\/events$/);

    const list = listCalls();
    await syncUser(deps, userId, NOW);
    figures.googleInitial = listCalls() - list;
    let all = calendarCalls();
    await syncUser(deps, userId, NOW);
    figures.googleUnchanged = calendarCalls() - all;
    ids.slice(0, CHANGED).forEach((id, i) => world.fake.putEvent(email, googleEvent(id, startOf(i + 1), 30, attendees(i))));
    all = calendarCalls();
    await syncUser(deps, userId, NOW);
    figures.googleChanged = calendarCalls() - all;
  } finally {
    await world.close();
  }
});

test('Microsoft Graph', async () => {
  const { store } = await freshTable();
  const world = await startMicrosoftWorld(store);
  try {
    const email = 'bench@contoso.example';
    const userId = uniqueUserId();
    world.server.addMailbox(email);
    await store.profiles.put(userId, { ...TEST_SETTINGS, ownerEmails: [email] });
    await store.connections.create(userId, { id: 'outlook', kind: 'microsoft', label: 'Outlook', account: email, cursor: null, status: 'ok', createdAt: NOW });
    await world.connect(userId, 'outlook', email);
    const events = Array.from({ length: EVENTS }, (_, i) => (i % 3 === 0 ? meetingWith(`guest${i}@fabrikam.example`, startOf(i)) : graphEvent(startOf(i), 30)));
    for (const event of events) world.server.putEvent(email, event);
    const deps: SyncDeps = {
      store,
      logger: silentLogger,
      openSource: async (connection, _settings, user) => createMicrosoftCalendar({ config: world.config, secrets: world.secrets, records: storedConnectionRecords(store), userId: user, connectionId: connection.id }),
    };
    const graphCalls = () => world.server.graphRequests().filter((r) => r.mailbox === email).length;

    let before = graphCalls();
    await syncUser(deps, userId, NOW);
    figures.graphInitial = graphCalls() - before;
    before = graphCalls();
    await syncUser(deps, userId, NOW);
    figures.graphUnchanged = graphCalls() - before;
    for (const event of events.slice(0, CHANGED)) world.server.putEvent(email, { ...event, subject: `${event.subject} (moved)` });
    before = graphCalls();
    await syncUser(deps, userId, NOW);
    figures.graphChanged = graphCalls() - before;
  } finally {
    await world.server.close();
  }
});
