/**
 * The provider-neutral calendar event: what every calendar adapter (ICS, Google, Microsoft)
 * produces and what inference reads. It is deliberately compact: no descriptions, no bodies,
 * only the facts needed to decide whether a meeting happened and with whom.
 *
 * All instants are ISO-8601 UTC strings (`2027-03-23T08:30:00.000Z`).
 */

/** An attendee's answer to the invitation, normalised across providers. */
export type ResponseStatus = 'accepted' | 'declined' | 'tentative' | 'needs-action';

/** What kind of participant an attendee is. Only `person` can be a contact. */
export type AttendeeKind = 'person' | 'room' | 'resource' | 'group';

export interface Attendee {
  /** Lowercased email address. */
  email: string;
  /** Display name as the calendar gave it (untrusted text: escape when shown). */
  name?: string;
  response: ResponseStatus;
  kind: AttendeeKind;
}

export interface Organizer {
  email: string;
  name?: string;
}

export type EventStatus = 'confirmed' | 'tentative' | 'cancelled';

/**
 * Blocks the provider marks as not-a-meeting (Google `eventType`, Graph `showAs`), and
 * `default` for everything else.
 */
export type EventKind = 'default' | 'focus' | 'out-of-office' | 'working-location';

export interface CalendarEvent {
  /** iCalendar UID (Google `iCalUID`, Graph `iCalUId`): the same across calendars. */
  uid: string;
  /**
   * Identity of this instance within its calendar: the UID for a single event, the UID plus
   * the original start (RECURRENCE-ID) for an instance of a series. Stable across syncs, so
   * it is the key events and meetings are stored under.
   */
  instanceKey: string;
  /** Original start of a recurring instance (RECURRENCE-ID), UTC; absent for single events. */
  recurrenceId?: string;
  start: string;
  end: string;
  allDay: boolean;
  status: EventStatus;
  /** True when the event does not block time (TRANSP:TRANSPARENT, Google `transparent`, Graph `showAs: free`). */
  transparent: boolean;
  kind: EventKind;
  /** Title, truncated; untrusted text. */
  title?: string;
  organizer?: Organizer;
  attendees: Attendee[];
  /** Set when the event is one of Rapport's own suggestion holds (tagged when written). */
  rapportHold?: { proposalId: string };
}

/** Longest title kept on a stored event: enough to recognise it on the dashboard. */
export const MAX_TITLE_LENGTH = 200;

/** Builds the instance key from the UID and, for recurring instances, the original start. */
export function instanceKeyOf(uid: string, recurrenceId?: string): string {
  return recurrenceId ? `${uid}|${recurrenceId}` : uid;
}

/**
 * What changed in a calendar since a cursor.
 * - `snapshot`: every event in the window (an ICS feed, or a provider's full resync); stored
 *   events of the connection that are missing from it are gone.
 * - `delta`: only the events that changed, plus the instance keys that were removed.
 */
export type CalendarChanges =
  | { kind: 'unchanged'; cursor: string | null }
  | { kind: 'snapshot'; events: CalendarEvent[]; cursor: string | null; reading?: ReadingNotes }
  | { kind: 'delta'; events: CalendarEvent[]; removedInstanceKeys: string[]; cursor: string | null };

/**
 * What a calendar read could not take as written, for the connection's page: skipped rules
 * and components in words, and the instant past which a series was cut (its later busy time is
 * unknown, so it counts as busy).
 */
export interface ReadingNotes {
  warnings: string[];
  /** ISO instant; absent when every series was read whole. */
  readUntil?: string;
}
