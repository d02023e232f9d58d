import type { calendar_v3 } from '@googleapis/calendar';
import { DateTime } from 'luxon';
import {
  instanceKeyOf,
  MAX_TITLE_LENGTH,
  type Attendee,
  type AttendeeKind,
  type CalendarEvent,
  type EventKind,
  type EventStatus,
  type ResponseStatus,
} from '../../../core/domain/event.js';

/**
 * Google Calendar event (API v3 JSON) → the provider-neutral CalendarEvent. Pure. The field
 * meanings are from the Events resource reference (CALENDAR-FACTS.md, "Event fields").
 */

/** Keys in `extendedProperties.private` that mark an event Rapport wrote. */
export const RAPPORT_KIND_PROPERTY = 'rapportKind';
export const RAPPORT_PROPOSAL_PROPERTY = 'rapportProposalId';

export type GoogleEvent = calendar_v3.Schema$Event;

/** What one item of an `events.list` answer means for the stored events. */
export type MappedItem =
  | { kind: 'event'; event: CalendarEvent }
  /**
   * A deleted event that came with only its id (Google guarantees nothing more on deletions):
   * the adapter reads it once more to learn which stored event it was.
   */
  | { kind: 'deleted-unknown'; eventId: string }
  /** Not an event we can place in time (no start or end). */
  | { kind: 'skip' };

export interface MappingOptions {
  /** Zone of the calendar: all-day dates are days there (the list answer's `timeZone`). */
  calendarTimeZone: string;
}

export function mapGoogleItem(item: GoogleEvent, options: MappingOptions): MappedItem {
  const start = instantOf(item.start, options.calendarTimeZone);
  const end = instantOf(item.end, options.calendarTimeZone);
  if (!start || !end) {
    if (item.status === 'cancelled' && item.id) return { kind: 'deleted-unknown', eventId: item.id };
    return { kind: 'skip' };
  }
  const uid = uidOf(item);
  if (!uid) return { kind: 'skip' };
  const recurrenceId = item.recurringEventId ? instantOf(item.originalStartTime, options.calendarTimeZone) : undefined;
  const title = titleOf(item.summary);
  const organizer = item.organizer?.email ? { email: item.organizer.email.toLowerCase(), ...(item.organizer.displayName ? { name: item.organizer.displayName } : {}) } : undefined;
  const proposalId = rapportHoldOf(item);
  return {
    kind: 'event',
    event: {
      uid,
      instanceKey: instanceKeyOf(uid, recurrenceId),
      ...(recurrenceId ? { recurrenceId } : {}),
      start,
      end,
      allDay: Boolean(item.start?.date && !item.start.dateTime),
      status: statusOf(item.status),
      transparent: item.transparency === 'transparent',
      kind: kindOf(item.eventType),
      ...(title ? { title } : {}),
      ...(organizer ? { organizer } : {}),
      attendees: attendeesOf(item.attendees ?? []),
      ...(proposalId ? { rapportHold: { proposalId } } : {}),
    },
  };
}

/** iCalUID is shared by every calendar's copy of an event, which lets inference count it once. */
function uidOf(item: GoogleEvent): string | undefined {
  if (item.iCalUID) return item.iCalUID;
  const base = item.recurringEventId ?? item.id;
  return base ? `${base}@google.com` : undefined;
}

/** A timed event's dateTime carries its offset; an all-day `date` is a day in the calendar's zone. */
function instantOf(time: calendar_v3.Schema$EventDateTime | undefined, calendarTimeZone: string): string | undefined {
  if (time?.dateTime) {
    const ms = Date.parse(time.dateTime);
    return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
  }
  if (time?.date) {
    const day = DateTime.fromISO(time.date, { zone: time.timeZone ?? calendarTimeZone });
    return day.isValid ? day.toUTC().toISO() ?? undefined : undefined;
  }
  return undefined;
}

function statusOf(status: string | null | undefined): EventStatus {
  return status === 'cancelled' ? 'cancelled' : status === 'tentative' ? 'tentative' : 'confirmed';
}

/** `birthday` and `fromGmail` events are ordinary events to inference (a birthday is all-day anyway). */
function kindOf(eventType: string | null | undefined): EventKind {
  switch (eventType) {
    case 'focusTime':
      return 'focus';
    case 'outOfOffice':
      return 'out-of-office';
    case 'workingLocation':
      return 'working-location';
    default:
      return 'default';
  }
}

function responseOf(status: string | null | undefined): ResponseStatus {
  switch (status) {
    case 'accepted':
      return 'accepted';
    case 'declined':
      return 'declined';
    case 'tentative':
      return 'tentative';
    default:
      return 'needs-action';
  }
}

/** Rooms are `resource: true` attendees on Google's resource domain; other resources (a projector) too. */
const GOOGLE_ROOM_DOMAIN = '@resource.calendar.google.com';

function attendeeKindOf(attendee: calendar_v3.Schema$EventAttendee, email: string): AttendeeKind {
  if (email.endsWith(GOOGLE_ROOM_DOMAIN)) return 'room';
  return attendee.resource ? 'resource' : 'person';
}

function attendeesOf(attendees: calendar_v3.Schema$EventAttendee[]): Attendee[] {
  const byEmail = new Map<string, Attendee>();
  for (const attendee of attendees) {
    const email = attendee.email?.trim().toLowerCase();
    if (!email || byEmail.has(email)) continue;
    const name = attendee.displayName?.trim();
    byEmail.set(email, { email, ...(name ? { name } : {}), response: responseOf(attendee.responseStatus), kind: attendeeKindOf(attendee, email) });
  }
  return [...byEmail.values()];
}

function titleOf(summary: string | null | undefined): string | undefined {
  const trimmed = summary?.trim();
  if (!trimmed) return undefined;
  const codePoints = Array.from(trimmed);
  return codePoints.length > MAX_TITLE_LENGTH ? codePoints.slice(0, MAX_TITLE_LENGTH).join('') : trimmed;
}

/** Only unbooked holds are Rapport's: a booked coffee is a real meeting and must count. */
function rapportHoldOf(item: GoogleEvent): string | undefined {
  const tags = item.extendedProperties?.private;
  if (tags?.[RAPPORT_KIND_PROPERTY] !== 'hold') return undefined;
  return tags[RAPPORT_PROPOSAL_PROPERTY] || undefined;
}
