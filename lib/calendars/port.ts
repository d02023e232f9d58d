import type { CalendarEvent } from '../domain/event.js';

/**
 * The calendar port: what Rapport needs from any calendar provider. Adapters (ICS now, Google
 * and Microsoft later) implement it; nothing provider-specific crosses it.
 */

/** A half-open interval of instants, ISO UTC strings. */
export interface TimeWindow {
  from: string;
  to: string;
}

/**
 * What changed since a cursor.
 * - `snapshot`: every event in the window (an ICS feed, or a provider's full resync); stored
 *   events of the connection that are missing from it are gone.
 * - `delta`: only the events that changed, plus the instance keys that were removed.
 */
export type CalendarChanges =
  | { kind: 'unchanged'; cursor: string | null }
  | { kind: 'snapshot'; events: CalendarEvent[]; cursor: string | null }
  | { kind: 'delta'; events: CalendarEvent[]; removedInstanceKeys: string[]; cursor: string | null };

export interface BusyInterval {
  start: string;
  end: string;
}

export interface CalendarSource {
  /** Reads what changed since `cursor` (null = never synced), expanding recurrences within `window`. */
  readChanges(cursor: string | null, window: TimeWindow): Promise<CalendarChanges>;
  /** Busy intervals in the window (transparent and cancelled events do not block). */
  readBusy(window: TimeWindow): Promise<BusyInterval[]>;
}

/** Errors a calendar source raises that callers handle by kind. */
export class CalendarError extends Error {
  override name = 'CalendarError';
}

/** The source's content cannot be read as a calendar; `line` points at the problem when known. */
export class MalformedCalendar extends CalendarError {
  override name = 'MalformedCalendar';
  constructor(
    message: string,
    readonly line?: number,
    options?: { cause?: unknown },
  ) {
    super(line ? `${message} (line ${line})` : message, options);
  }
}

/** The source could not be reached or answered with an error (network, HTTP status, missing file). */
export class CalendarUnavailable extends CalendarError {
  override name = 'CalendarUnavailable';
}

/** The user's grant was revoked or expired: the connection needs the user to reconnect. */
export class NeedsReconnect extends CalendarError {
  override name = 'NeedsReconnect';
}
