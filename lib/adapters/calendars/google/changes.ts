import type { CalendarEvent } from '../../../core/domain/event.js';
import type { CalendarChanges } from '../../../core/domain/event.js';
import type { TimeWindow } from '../../../core/domain/busy-time.js';
import type { GoogleCalendarClient } from './client.js';
import { canContinue, decodeCursor, encodeCursor } from './cursor.js';
import { GoogleRequestFailed } from './errors.js';
import { mapGoogleItem, type GoogleEvent } from './mapping.js';

/**
 * Reading what changed on the calendars that count, with Google's incremental sync
 * (CALENDAR-FACTS.md, "Incremental sync"): a full list (paged, 2,500 per page) ends with a
 * sync token per calendar; later reads pass it and get only changes. `singleEvents=true` on
 * every call of a token's life, and `showDeleted` never set (deletions always come back with
 * a token, and Google refuses `showDeleted=false` next to one).
 */

export const MAX_PAGE_SIZE = 2500;
/** A full sync reads this far past the window's end, so the window can move for a month on the same tokens. */
export const COVERAGE_AHEAD_DAYS = 30;
const DAY_MS = 86_400_000;

export interface ChangeReaderOptions {
  client: GoogleCalendarClient;
  /** Ids of the calendars that count (`primary` for the account's own). */
  calendarIds: readonly string[];
  /** Used for all-day dates when a calendar's list answer names no zone. */
  fallbackTimeZone: string;
  pageSize?: number;
}

interface ListedCalendar {
  items: GoogleEvent[];
  timeZone: string;
  nextSyncToken: string;
}

export async function readGoogleChanges(options: ChangeReaderOptions, cursor: string | null, window: TimeWindow): Promise<CalendarChanges> {
  const previous = decodeCursor(cursor);
  if (!previous || !canContinue(previous, options.calendarIds, window.to)) return fullSync(options, window);

  const listed: [string, ListedCalendar][] = [];
  for (const calendarId of options.calendarIds) {
    try {
      listed.push([calendarId, await listAll(options, calendarId, { syncToken: previous.tokens[calendarId]! })]);
    } catch (error) {
      // 410: the token expired; every calendar is read afresh and the result is a snapshot
      // (sync never erases recorded meetings on a snapshot).
      if (error instanceof GoogleRequestFailed && error.status === 410) return fullSync(options, window);
      throw error;
    }
  }
  const next = encodeCursor({ v: 1, coveredTo: previous.coveredTo, tokens: Object.fromEntries(listed.map(([id, l]) => [id, l.nextSyncToken])) });
  if (listed.every(([, l]) => l.items.length === 0)) return { kind: 'unchanged', cursor: next };

  const events: CalendarEvent[] = [];
  const removedInstanceKeys: string[] = [];
  const windowFrom = Date.parse(window.from);
  const coveredTo = Date.parse(previous.coveredTo);
  for (const [calendarId, { items, timeZone }] of listed) {
    for (const event of await eventsOf(options, calendarId, items, timeZone)) {
      // An event that moved out of what we keep is gone for us; inside, it is an update.
      if (Date.parse(event.end) > windowFrom && Date.parse(event.start) < coveredTo) events.push(event);
      else removedInstanceKeys.push(event.instanceKey);
    }
  }
  return { kind: 'delta', events, removedInstanceKeys, cursor: next };
}

async function fullSync(options: ChangeReaderOptions, window: TimeWindow): Promise<CalendarChanges> {
  const coveredTo = new Date(Date.parse(window.to) + COVERAGE_AHEAD_DAYS * DAY_MS).toISOString();
  const tokens: Record<string, string> = {};
  const byKey = new Map<string, CalendarEvent>();
  for (const calendarId of options.calendarIds) {
    const listed = await listAll(options, calendarId, { timeMin: window.from, timeMax: coveredTo });
    tokens[calendarId] = listed.nextSyncToken;
    // The same meeting on two calendars that count is one event (same iCalUID).
    for (const event of await eventsOf(options, calendarId, listed.items, listed.timeZone)) byKey.set(event.instanceKey, event);
  }
  return { kind: 'snapshot', events: [...byKey.values()], cursor: encodeCursor({ v: 1, tokens, coveredTo }) };
}

async function listAll(options: ChangeReaderOptions, calendarId: string, query: { syncToken: string } | { timeMin: string; timeMax: string }): Promise<ListedCalendar> {
  const items: GoogleEvent[] = [];
  let pageToken: string | undefined;
  for (;;) {
    const { data } = await options.client.call(
      'events.list',
      () =>
        options.client.api.events.list({
          calendarId,
          singleEvents: true,
          maxResults: options.pageSize ?? MAX_PAGE_SIZE,
          ...query,
          ...(pageToken ? { pageToken } : {}),
        }),
      { idempotent: true },
    );
    items.push(...(data.items ?? []));
    if (data.nextPageToken) {
      pageToken = data.nextPageToken;
      continue;
    }
    if (!data.nextSyncToken) throw new GoogleRequestFailed('events.list', undefined, 'the last page had no nextSyncToken');
    return { items, timeZone: data.timeZone ?? options.fallbackTimeZone, nextSyncToken: data.nextSyncToken };
  }
}

/** Maps a calendar's items; a deletion that came with only its id is read once more to learn which event it was. */
async function eventsOf(options: ChangeReaderOptions, calendarId: string, items: GoogleEvent[], timeZone: string): Promise<CalendarEvent[]> {
  const events: CalendarEvent[] = [];
  for (const item of items) {
    let mapped = mapGoogleItem(item, { calendarTimeZone: timeZone });
    if (mapped.kind === 'deleted-unknown') {
      const full = await readDeleted(options, calendarId, mapped.eventId);
      mapped = full ? mapGoogleItem({ ...full, status: 'cancelled' }, { calendarTimeZone: timeZone }) : { kind: 'skip' };
    }
    if (mapped.kind === 'event') events.push(mapped.event);
  }
  return events;
}

async function readDeleted(options: ChangeReaderOptions, calendarId: string, eventId: string): Promise<GoogleEvent | undefined> {
  try {
    const { data } = await options.client.call('events.get', () => options.client.api.events.get({ calendarId, eventId }), { idempotent: true });
    return data;
  } catch (error) {
    // Purged for good: it was never anything we could have stored under another key.
    if (error instanceof GoogleRequestFailed && (error.status === 404 || error.status === 410)) return undefined;
    throw error;
  }
}
