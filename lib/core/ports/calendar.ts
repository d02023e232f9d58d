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
  /** Set when the busy time is one of Rapport's holds: a booking ignores its own proposal's holds. */
  proposalId?: string;
}

export interface CalendarSource {
  /** Reads what changed since `cursor` (null = never synced), expanding recurrences within `window`. */
  readChanges(cursor: string | null, window: TimeWindow): Promise<CalendarChanges>;
  /** Busy intervals in the window (transparent and cancelled events do not block). */
  readBusy(window: TimeWindow): Promise<BusyInterval[]>;
}

/** A tentative hold for one offered slot, tagged as Rapport's so inference never counts it. */
export interface HoldRequest {
  /** Deterministic (proposal, slot) id: writing it twice leaves one hold. */
  id: string;
  proposalId: string;
  start: string;
  end: string;
  title: string;
  /** Shown on the user's calendar only (never to the guest). */
  description?: string;
  location?: string;
}

/** The real coffee, with the guest invited; the provider sends the invitation. */
export interface InvitationRequest {
  /** Deterministic id / idempotency key: a retry never creates a second event. */
  id: string;
  proposalId: string;
  start: string;
  end: string;
  title: string;
  description?: string;
  location?: string;
  organizer: { email: string; name?: string };
  guest: { email: string; name?: string };
}

export type RemovalOutcome = 'removed' | 'already-gone';

/**
 * Writing to the user's calendar. Every operation is idempotent: a retried call with the same
 * id has the same effect as one call, so callers can retry after a crash without duplicates.
 */
export interface CalendarWriter {
  putHold(hold: HoldRequest): Promise<void>;
  removeHold(holdId: string): Promise<RemovalOutcome>;
  createEvent(invitation: InvitationRequest): Promise<void>;
  moveEvent(eventId: string, start: string, end: string): Promise<void>;
  cancelEvent(eventId: string): Promise<RemovalOutcome>;
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
