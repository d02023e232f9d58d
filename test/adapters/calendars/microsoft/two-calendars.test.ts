import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCalendarSource, openCalendarWriter } from '../../../../lib/adapters/calendars/sources.js';
import type { Config } from '../../../../lib/runtime/config.js';
import type { UserSettings } from '../../../../lib/core/domain/settings.js';
import { silentLogger } from '../../../../lib/runtime/log.js';
import { busyIntervals, type CalendarDeps } from '../../../../lib/services/availability.js';
import { syncUser } from '../../../../lib/services/sync.js';
import type { Connection } from '../../../../lib/core/ports/connections.js';
import type { Store } from '../../../../lib/core/ports/store.js';
import { TEST_SETTINGS } from '../../../support/app-server.js';
import { uniqueUserId } from '../../../support/dynamo.js';
import { calendarFolder, icsCalendar } from '../../../services/calendar-files.js';
import { graphEvent, meetingWith, startMicrosoftWorldOnFreshTable, type MicrosoftWorld } from './world.js';

/**
 * A user with two calendars, one of them Outlook: free/busy merges both, and a meeting present
 * on both (the same iCalendar UID, as Exchange and Google keep it) is recorded once.
 */

const NOW = '2026-11-23T12:00:00.000Z';
const OWNER = 'alex@northwind.example';
let store: Store;
let world: MicrosoftWorld;

beforeAll(async () => {
  ({ store, world } = await startMicrosoftWorldOnFreshTable());
});
afterAll(() => world.close());

function deps(): CalendarDeps {
  const context = (userId: string) => ({ store, userId, now: () => NOW, config: { microsoft: world.config } as Config, secrets: () => world.secrets });
  return {
    store,
    logger: silentLogger,
    openSource: (connection: Connection, settings: UserSettings, userId: string) => openCalendarSource(connection, settings, context(userId)),
    openWriter: (connection: Connection, settings: UserSettings, userId: string) => openCalendarWriter(connection, settings, context(userId)),
  };
}

describe('Outlook next to another calendar', () => {
  it('counts a meeting on both calendars once and merges their busy times', async () => {
    const userId = uniqueUserId();
    world.server.addMailbox(OWNER);
    await store.profiles.put(userId, { ...TEST_SETTINGS, ownerEmails: [OWNER] });
    const shared = meetingWith('bo@fabrikam.example', '2026-11-16T10:00:00.000Z', { iCalUId: 'shared-meeting@fabrikam.example' });
    world.server.putEvent(OWNER, shared);
    world.server.putEvent(OWNER, graphEvent('2026-11-30T15:00:00.000Z', 60, { subject: 'Outlook only' }));
    const ics = calendarFolder().write(
      'work.ics',
      icsCalendar([
        { uid: 'shared-meeting@fabrikam.example', start: '20261116T100000Z', end: '20261116T103000Z', summary: 'Shared', attendees: [{ email: 'bo@fabrikam.example' }, { email: OWNER }] },
        { uid: 'ics-only@test', start: '20261201T090000Z', end: '20261201T100000Z', summary: 'ICS only', attendees: [] },
      ]),
    );
    await store.connections.create(userId, { id: 'work', kind: 'ics', label: 'Work', source: ics, cursor: null, status: 'ok', createdAt: NOW });
    await store.connections.create(userId, { id: 'outlook', kind: 'microsoft', label: 'Outlook', account: OWNER, cursor: null, status: 'ok', createdAt: NOW });
    await world.connect(userId, 'outlook', OWNER);

    const report = await syncUser(deps(), userId, NOW);

    expect(report.connections.map((c) => c.status)).toEqual(['ok', 'ok']);
    const meetings = await store.meetings.list(userId);
    expect(meetings.map((m) => [m.instanceKey, m.with])).toEqual([['shared-meeting@fabrikam.example', ['bo@fabrikam.example']]]);
    const busy = await busyIntervals(deps(), userId, TEST_SETTINGS, { from: '2026-11-29T00:00:00.000Z', to: '2026-12-02T00:00:00.000Z' });
    expect(busy.map((b) => b.start).sort()).toEqual(['2026-11-30T15:00:00.000Z', '2026-12-01T09:00:00.000Z']);
  });
});
