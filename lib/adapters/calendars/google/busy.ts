import type { BusyInterval, TimeWindow } from '../../../core/domain/busy-time.js';
import type { GoogleCalendarClient } from './client.js';
import { GoogleRequestFailed } from './errors.js';
import { RAPPORT_KIND_PROPERTY, RAPPORT_PROPOSAL_PROPERTY } from './mapping.js';

/**
 * Free/busy over the calendars that count with `freebusy.query`: at most 50 calendars per
 * call and a window of about 90 days (CALENDAR-FACTS.md, "Free/busy"), so both are split.
 * Rapport's holds are transparent (free/busy never shows them, so a real meeting booked over
 * a hold is never mistaken for the hold); they are read with one filtered list and returned
 * as busy with their proposal's id, as the port asks.
 */

export const MAX_CALENDARS_PER_QUERY = 50;
export const MAX_WINDOW_DAYS = 90;
const DAY_MS = 86_400_000;

export interface BusyReaderOptions {
  client: GoogleCalendarClient;
  calendarIds: readonly string[];
  /** Where holds are written (the primary calendar). */
  holdCalendarId: string;
}

export function splitWindow(window: TimeWindow, maxDays = MAX_WINDOW_DAYS): TimeWindow[] {
  const pieces: TimeWindow[] = [];
  const end = Date.parse(window.to);
  for (let from = Date.parse(window.from); from < end; from += maxDays * DAY_MS) {
    pieces.push({ from: new Date(from).toISOString(), to: new Date(Math.min(from + maxDays * DAY_MS, end)).toISOString() });
  }
  return pieces;
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

export async function readGoogleBusy(options: BusyReaderOptions, window: TimeWindow): Promise<BusyInterval[]> {
  const { client } = options;
  const busy: BusyInterval[] = [];
  for (const piece of splitWindow(window)) {
    for (const ids of chunk(options.calendarIds, MAX_CALENDARS_PER_QUERY)) {
      const { data } = await client.call(
        'freebusy.query',
        () => client.api.freebusy.query({ requestBody: { timeMin: piece.from, timeMax: piece.to, items: ids.map((id) => ({ id })) } }),
        { idempotent: true },
      );
      for (const id of ids) {
        const calendar = data.calendars?.[id];
        if (calendar?.errors?.length) throw new GoogleRequestFailed('freebusy.query', undefined, calendar.errors[0]?.reason ?? 'calendar error');
        for (const interval of calendar?.busy ?? []) if (interval.start && interval.end) busy.push({ start: new Date(interval.start).toISOString(), end: new Date(interval.end).toISOString() });
      }
    }
  }
  return [...busy, ...(await readHolds(options, window))];
}

async function readHolds(options: BusyReaderOptions, window: TimeWindow): Promise<BusyInterval[]> {
  const holds: BusyInterval[] = [];
  let pageToken: string | undefined;
  do {
    const { data } = await options.client.call(
      'events.list',
      () =>
        options.client.api.events.list({
          calendarId: options.holdCalendarId,
          singleEvents: true,
          timeMin: window.from,
          timeMax: window.to,
          privateExtendedProperty: [`${RAPPORT_KIND_PROPERTY}=hold`],
          maxResults: 2500,
          ...(pageToken ? { pageToken } : {}),
        }),
      { idempotent: true },
    );
    for (const item of data.items ?? []) {
      const proposalId = item.extendedProperties?.private?.[RAPPORT_PROPOSAL_PROPERTY];
      if (proposalId && item.status !== 'cancelled' && item.start?.dateTime && item.end?.dateTime) {
        holds.push({ start: new Date(item.start.dateTime).toISOString(), end: new Date(item.end.dateTime).toISOString(), proposalId });
      }
    }
    pageToken = data.nextPageToken ?? undefined;
  } while (pageToken);
  return holds;
}
