import { beforeAll, describe, expect, test } from 'vitest';
import { CalendarNotWritable, openCalendarSource, openCalendarWriter } from '../../../../lib/adapters/calendars/sources.js';
import type { Connection } from '../../../../lib/core/ports/connections.js';
import type { Store } from '../../../../lib/core/ports/store.js';
import { freshTable, uniqueUserId } from '../../../support/dynamo.js';
import { SETTINGS } from '../../store/fixtures.js';
import { aHoldRequest, CLOCK, WINDOW } from './fixtures.js';

let store: Store;
beforeAll(async () => {
  store = (await freshTable()).store;
});

const rapport: Connection = { id: 'rapport', kind: 'rapport', label: 'Rapport', cursor: null, status: 'ok', createdAt: CLOCK() };

describe('opening calendars by connection kind', () => {
  test("Rapport's calendar opens as a writer and as a source of the same user's events", async () => {
    const userId = uniqueUserId();
    const context = { store, userId, now: CLOCK };
    await (await openCalendarWriter(rapport, SETTINGS, context)).putHold(aHoldRequest());
    const busy = await (await openCalendarSource(rapport, SETTINGS, context)).readBusy(WINDOW);
    expect(busy).toEqual([{ start: aHoldRequest().start, end: aHoldRequest().end, proposalId: 'p1' }]);
    const [hold] = await store.localCalendar.list(userId);
    expect(hold?.organizer).toEqual({ email: 'me@example.com' });
  });

  test('a calendar Rapport cannot write to says so clearly', async () => {
    const ics: Connection = { ...rapport, id: 'work', kind: 'ics', label: 'work.ics', source: 'work.ics' };
    await expect(openCalendarWriter(ics, SETTINGS, { store, userId: uniqueUserId(), now: CLOCK })).rejects.toThrow(CalendarNotWritable);
    await expect(openCalendarWriter(ics, SETTINGS)).rejects.toThrow(/cannot write to this calendar yet/);
  });
});
