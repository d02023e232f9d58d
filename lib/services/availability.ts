import type { BusyInterval, TimeWindow } from '../core/domain/busy-time.js';
import type { CalendarSource, CalendarWriter } from '../core/ports/calendar.js';
import type { UserSettings } from '../core/domain/settings.js';
import type { Logger } from '../runtime/log.js';
import type { Connection } from '../core/ports/connections.js';
import type { Store } from '../core/ports/store.js';

/**
 * Free/busy across everything the user has connected, plus the slots bookings have claimed
 * (a claim is busy from the moment a booking commits, before its event reaches any calendar).
 * Holds and claims carry their proposal's id, so a proposal's own never block it.
 */

export interface CalendarDeps {
  store: Store;
  logger: Logger;
  openSource(connection: Connection, settings: UserSettings, userId: string): Promise<CalendarSource>;
  openWriter(connection: Connection, settings: UserSettings, userId: string): Promise<CalendarWriter>;
}

/** A calendar could not be read: free time cannot be known, so nothing is offered or booked on a guess. */
export class AvailabilityUnknown extends Error {
  override name = 'AvailabilityUnknown';
}

/** Rapport writes holds and coffees to its own calendar unless a writable provider is connected. */
export const RAPPORT_CALENDAR_ID = 'rapport';

export async function busyIntervals(deps: CalendarDeps, userId: string, settings: UserSettings, window: TimeWindow): Promise<BusyInterval[]> {
  const connections = await deps.store.connections.list(userId);
  const perCalendar = await Promise.all(
    connections.map(async (connection) => {
      try {
        return await (await deps.openSource(connection, settings, userId)).readBusy(window);
      } catch (error) {
        throw new AvailabilityUnknown(`Could not read free/busy of ${connection.label}: ${(error as Error).message}`, { cause: error });
      }
    }),
  );
  const claims = await deps.store.bookings.claims(userId, window);
  return [...perCalendar.flat(), ...claims.map((c) => ({ start: c.start, end: c.end, proposalId: c.proposalId }))];
}

/** The calendar holds and invitations are written to. */
export async function writableCalendar(deps: CalendarDeps, userId: string, settings: UserSettings, calendarId = RAPPORT_CALENDAR_ID) {
  const connection = await deps.store.connections.get(userId, calendarId);
  if (!connection) throw new AvailabilityUnknown(`No writable calendar (${calendarId}) is connected.`);
  return deps.openWriter(connection, settings, userId);
}

/**
 * Which connection holds and coffees go to: the user's connected Google or Outlook calendar
 * when there is one that works, else Rapport's own calendar (published as the suggestions feed).
 */
export async function writableCalendarId(deps: Pick<CalendarDeps, 'store'>, userId: string): Promise<string> {
  const connections = await deps.store.connections.list(userId);
  // The first provider calendar that works (Google or Outlook: either sends the invitation
  // itself); otherwise Rapport's own calendar and its feed.
  const provider = connections.find((c) => (c.kind === 'google' || c.kind === 'microsoft') && c.status !== 'needs-reconnect');
  return provider?.id ?? RAPPORT_CALENDAR_ID;
}
