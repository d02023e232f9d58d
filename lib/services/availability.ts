import type { BusyInterval, TimeWindow } from '../core/domain/busy-time.js';
import type { CalendarSource, CalendarWriter } from '../core/ports/calendar.js';
import type { UserSettings } from '../core/domain/settings.js';
import type { Logger } from '../runtime/log.js';
import type { Mailer } from '../core/ports/mail.js';
import type { Connection } from '../core/ports/connections.js';
import type { Store, StoredBusy } from '../core/ports/store.js';
import { StoreError } from '../core/ports/store-errors.js';
import { AvailabilityUnknown } from './booking-errors.js';
import { busyFromIndex, indexCovers } from './busy-index.js';

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
  /** Sends the host's alerts (and, through Rapport's own calendar, invitations); absent in tests that do not look at mail. */
  mailer?: Mailer;
}

/** Rapport writes holds and coffees to its own calendar unless a writable provider is connected. */
export const RAPPORT_CALENDAR_ID = 'rapport';

/**
 * Busy time of every connection in the window, plus claimed slots. The connections, their busy
 * indexes and the claims come from the store in one request. Feeds (ICS) are read from the
 * busy index the sync keeps, so a booking page never downloads a calendar; provider calendars
 * are asked live (one cheap free/busy request) and fall back to their index when that fails.
 * A calendar already marked failed whose busy time was never indexed is left out (its failure
 * is on the dashboard), so one broken calendar does not stop bookings on the others; a
 * calendar that fails now with nothing to fall back on makes availability unknown.
 */
export async function busyIntervals(deps: CalendarDeps, userId: string, settings: UserSettings, window: TimeWindow): Promise<BusyInterval[]> {
  return (await availability(deps, userId, settings, window)).busy;
}

/** Busy time, and the connections it was read from (a booking writes to one of them next). */
export interface Availability {
  busy: BusyInterval[];
  connections: Connection[];
}

export interface AvailabilityOptions {
  /**
   * For a guest's page, booking or move: Rapport's own calendar is not read, its claims stand
   * for it. Every coffee on it has a claim from the moment it is booked until after it ends
   * (claims come with the connections, in the same request), and its holds are offers, not
   * commitments: the proposer never offers a time another live proposal holds, and were two
   * offers of one time to meet (two proposer runs at once), the first booking's claim decides.
   * Saves the request that reads every event of that calendar (ids do not sort by time).
   * Default false: the proposer counts holds as busy, so it never offers a time twice.
   */
  ownCalendarByClaims?: boolean;
}

/** {@link busyIntervals}, with the connections the same read found. */
export async function availability(deps: CalendarDeps, userId: string, settings: UserSettings, window: TimeWindow, options: AvailabilityOptions = {}): Promise<Availability> {
  const { connections, busy: indexes, claims } = await deps.store.bookings.calendarState(userId, window);
  const indexOf = new Map(indexes.map((index) => [index.connectionId, index]));
  const perCalendar = await Promise.all(
    connections.map((connection) =>
      connection.kind === 'rapport' && options.ownCalendarByClaims
        ? []
        : busyOfConnection(deps, userId, settings, connection, indexOf.get(connection.id), window),
    ),
  );
  return { busy: [...perCalendar.flat(), ...claims.map((c) => ({ start: c.start, end: c.end, proposalId: c.proposalId }))], connections };
}

async function busyOfConnection(
  deps: CalendarDeps,
  userId: string,
  settings: UserSettings,
  connection: Connection,
  index: StoredBusy | undefined,
  window: TimeWindow,
): Promise<BusyInterval[]> {
  const indexed = index && indexCovers(index, window) ? busyFromIndex(index, window) : undefined;
  if (connection.kind === 'ics' && indexed) return indexed;
  try {
    return await (await deps.openSource(connection, settings, userId)).readBusy(window);
  } catch (error) {
    if (error instanceof StoreError) throw error;
    const log = deps.logger.child({ userId, connectionId: connection.id });
    if (indexed) {
      log.warn('free/busy read failed; using the busy time of the last sync', { error: (error as Error).message });
      return indexed;
    }
    if (connection.status !== 'ok') {
      log.warn('free/busy of a failed calendar left out', { error: (error as Error).message });
      return [];
    }
    throw new AvailabilityUnknown(`Could not read free/busy of ${connection.label}: ${(error as Error).message}`, { cause: error });
  }
}

/** The calendar holds and invitations are written to. */
export async function writableCalendar(deps: CalendarDeps, userId: string, settings: UserSettings, calendarId = RAPPORT_CALENDAR_ID) {
  return deps.openWriter(await writableConnection(deps, userId, calendarId), settings, userId);
}

/** The connection of that calendar; `known` (connections just read) saves reading it again. */
export async function writableConnection(deps: Pick<CalendarDeps, 'store'>, userId: string, calendarId = RAPPORT_CALENDAR_ID, known: readonly Connection[] = []): Promise<Connection> {
  const connection = known.find((c) => c.id === calendarId) ?? (await deps.store.connections.get(userId, calendarId));
  if (!connection) throw new AvailabilityUnknown(`No writable calendar (${calendarId}) is connected.`);
  return connection;
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
