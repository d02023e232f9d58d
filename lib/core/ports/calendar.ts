import type { CalendarChanges } from '../domain/event.js';
import type { BusyInterval, TimeWindow } from '../domain/busy-time.js';
import type { OwnCalendarEvent, Participant } from '../domain/own-calendar-event.js';
import type { ProviderMeeting } from '../domain/meeting-place.js';

/**
 * The calendar port: what Rapport needs from any calendar provider. The ICS, Google, Microsoft
 * and Rapport's own calendar adapters implement it; nothing provider-specific crosses it.
 */

export interface CalendarSource {
  /** Reads what changed since `cursor` (null = never synced), expanding recurrences within `window`. */
  readChanges(cursor: string | null, window: TimeWindow): Promise<CalendarChanges>;
  /** Busy intervals in the window (transparent and cancelled events do not block). */
  readBusy(window: TimeWindow): Promise<BusyInterval[]>;
}

/** A tentative hold for one offered slot, tagged as Rapport's so inference never counts it. */
export type HoldRequest = Pick<OwnCalendarEvent, 'id' | 'proposalId' | 'start' | 'end' | 'title' | 'description' | 'location'>;

/**
 * The real coffee, with the guest invited; the provider sends the invitation. `videoMeeting`
 * asks the provider to make a meeting link with the event; a writer whose provider does not
 * make that kind (Rapport's own calendar makes none) leaves it out.
 */
export type InvitationRequest = HoldRequest & { organizer: Participant; guest: Participant; videoMeeting?: ProviderMeeting };

/** What the provider made with a coffee's event: its meeting link, when one was asked for and is ready. */
export interface CreatedEvent {
  meetingUrl?: string;
}

export type RemovalOutcome = 'removed' | 'already-gone';

/**
 * Writing to the user's calendar. Every operation is idempotent: a retried call with the same
 * id has the same effect as one call, so callers can retry after a crash without duplicates.
 */
export interface CalendarWriter {
  putHold(hold: HoldRequest): Promise<void>;
  removeHold(holdId: string): Promise<RemovalOutcome>;
  /**
   * Several holds at once, for a calendar that can take them off in one request (Rapport's
   * own). Without it, callers remove them one by one (`removeHolds` in booking-steps.ts).
   */
  removeHolds?(holdIds: readonly string[]): Promise<void>;
  /** Creating an event that exists (a retry) answers what the existing one has, its link included; void: nothing to tell. */
  createEvent(invitation: InvitationRequest): Promise<CreatedEvent | void>;
  /** The meeting link of a coffee's event, if the provider made one (undefined: none, or not yet). */
  meetingLinkOf?(eventId: string): Promise<string | undefined>;
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
