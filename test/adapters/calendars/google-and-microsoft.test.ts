import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMicrosoftCalendar } from '../../../lib/adapters/calendars/microsoft/adapter.js';
import { storedConnectionRecords } from '../../../lib/adapters/calendars/sources.js';
import { silentLogger } from '../../../lib/runtime/log.js';
import { busyIntervals, type CalendarDeps } from '../../../lib/services/availability.js';
import { syncUser } from '../../../lib/services/sync.js';
import type { Connection } from '../../../lib/core/ports/connections.js';
import type { Store } from '../../../lib/core/ports/store.js';
import { TEST_SETTINGS } from '../../support/app-server.js';
import { freshTable, uniqueUserId } from '../../support/dynamo.js';
import { googleEvent, startGoogleWorld, type GoogleWorld } from '../../support/google.js';
import { graphEvent, meetingWith, startMicrosoftWorld, type MicrosoftWorld } from './microsoft/world.js';

/**
 * A user with Google Calendar and Outlook both connected, each through its official client
 * against its local wire-format server: free/busy merges both providers, and a meeting that is
 * on both calendars (the same iCalendar UID) is recorded once.
 */

const NOW = '2026-11-23T12:00:00.000Z';
const GMAIL = 'alex@gmail.example';
const OUTLOOK = 'alex@northwind.example';
let store: Store;
let google: GoogleWorld;
let microsoft: MicrosoftWorld;

beforeAll(async () => {
  ({ store } = await freshTable());
  [google, microsoft] = await Promise.all([startGoogleWorld(store, { now: () => NOW }), startMicrosoftWorld(store)]);
});
afterAll(async () => {
  await google?.close();
  await microsoft?.close();
});

/** Each provider's connection opened the way sources.ts opens it, with that world's sealed tokens. */
function deps(): CalendarDeps {
  const open = async (connection: Connection, userId: string) =>
    connection.kind === 'google'
      ? google.open(userId, connection)
      : createMicrosoftCalendar({ config: microsoft.config, secrets: microsoft.secrets, records: storedConnectionRecords(store), userId, connectionId: connection.id, account: OUTLOOK });
  return {
    store,
    logger: silentLogger,
    openSource: (connection, _settings, userId) => open(connection, userId),
    openWriter: (connection, _settings, userId) => open(connection, userId),
  };
}

describe('Google and Outlook connected together', () => {
  it('records a meeting that is on both calendars once, and merges busy time from both', async () => {
    const userId = uniqueUserId();
    await store.profiles.put(userId, { ...TEST_SETTINGS, ownerEmails: [OUTLOOK, GMAIL] });
    await google.connect(userId, GMAIL, { now: NOW });
    microsoft.server.addMailbox(OUTLOOK);
    await store.connections.create(userId, { id: 'outlook', kind: 'microsoft', label: 'Outlook', account: OUTLOOK, cursor: null, status: 'ok', createdAt: NOW });
    await microsoft.connect(userId, 'outlook', OUTLOOK);

    // The same invitation in both calendars: Google keeps the organiser's UID as iCalUID.
    const uid = 'kickoff-2026-11-16@fabrikam.example';
    microsoft.server.putEvent(OUTLOOK, meetingWith('bo@fabrikam.example', '2026-11-16T10:00:00.000Z', { iCalUId: uid }));
    google.fake.putEvent(GMAIL, googleEvent('kickoff1116', '2026-11-16T10:00:00.000Z', 30, [{ email: GMAIL, self: true }, { email: 'bo@fabrikam.example' }], { iCalUID: uid }));
    // A meeting only Google has, and busy time on each side next week.
    google.fake.putEvent(GMAIL, googleEvent('lunch1117', '2026-11-17T12:00:00.000Z', 60, [{ email: GMAIL, self: true }, { email: 'cy@example.com' }]));
    google.fake.putEvent(GMAIL, googleEvent('dentist1130', '2026-11-30T09:00:00.000Z', 60));
    microsoft.server.putEvent(OUTLOOK, graphEvent('2026-11-30T15:00:00.000Z', 60, { subject: 'Board' }));

    const report = await syncUser(deps(), userId, NOW);

    expect(report.connections.map((c) => c.status)).toEqual(['ok', 'ok']);
    const meetings = await store.meetings.list(userId);
    expect(meetings.map((m) => m.with)).toEqual([['bo@fabrikam.example'], ['cy@example.com']]);
    expect((await store.contacts.get(userId, 'bo@fabrikam.example'))?.lastMetAt).toBe('2026-11-16T10:00:00.000Z');

    const busy = await busyIntervals(deps(), userId, TEST_SETTINGS, { from: '2026-11-29T00:00:00.000Z', to: '2026-12-02T00:00:00.000Z' });
    expect(busy.map((b) => b.start).sort()).toEqual(['2026-11-30T09:00:00.000Z', '2026-11-30T15:00:00.000Z']);
  });
});
