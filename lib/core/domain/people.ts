import type { AttendeeKind, CalendarEvent } from './event.js';

/**
 * Who, besides the user, was at an event. Inference asks this after the event-level rules
 * (cancelled, all-day, …) have let the event through.
 */

/** Someone other than the user on an event: an attendee, or the organizer who implicitly attends. */
interface Participant {
  email: string;
  kind: AttendeeKind;
  declined: boolean;
}

export type Attendance =
  | { outcome: 'met'; with: string[]; names: Record<string, string> }
  /** Nobody but the user (their own addresses) is on the event. */
  | { outcome: 'no-other-people' }
  /** Others are listed, but none is a person: rooms, resources, group aliases. */
  | { outcome: 'only-rooms' }
  /** People were invited, but every one of them declined. */
  | { outcome: 'others-declined' };

/** The user's addresses, lowercased, for membership tests. */
export function ownerSetOf(ownerEmails: readonly string[]): ReadonlySet<string> {
  return new Set(ownerEmails.map((email) => email.toLowerCase()));
}

/** True when the user declined from any of their addresses. */
export function declinedByOwner(event: CalendarEvent, owners: ReadonlySet<string>): boolean {
  return event.attendees.some((a) => a.response === 'declined' && owners.has(a.email.toLowerCase()));
}

export function attendanceOf(event: CalendarEvent, owners: ReadonlySet<string>): Attendance {
  const others = participantsOf(event, owners);
  if (others.length === 0) return { outcome: 'no-other-people' };
  const people = others.filter((p) => p.kind === 'person');
  if (people.length === 0) return { outcome: 'only-rooms' };
  const met = people.filter((p) => !p.declined);
  if (met.length === 0) return { outcome: 'others-declined' };
  const emails = [...new Set(met.map((p) => p.email))].sort();
  return { outcome: 'met', with: emails, names: namesOf(emails, event) };
}

/**
 * The attendees who are not the user, plus the organizer when they are not the user and not
 * listed. An organizer attends their own event even when the provider does not list them
 * (Google omits the organizer from `attendees` on events they created without guests; an ICS
 * VEVENT may carry ORGANIZER and no ATTENDEE at all). So an event organised by someone else
 * with no attendee list is a meeting with that organizer: the user has it on their calendar
 * because they were invited. The organizer is taken to be a person: the event type has no
 * kind for organizers, so adapters leave out an organizer that is a calendar rather than
 * someone (Google's `…@group.calendar.google.com` on events of a shared calendar).
 */
function participantsOf(event: CalendarEvent, owners: ReadonlySet<string>): Participant[] {
  const others: Participant[] = event.attendees
    .map((a) => ({ email: a.email.toLowerCase(), kind: a.kind, declined: a.response === 'declined' }))
    .filter((p) => !owners.has(p.email));
  const organizer = event.organizer;
  if (!organizer) return others;
  const email = organizer.email.toLowerCase();
  if (owners.has(email) || others.some((p) => p.email === email)) return others;
  return [...others, { email, kind: 'person', declined: false }];
}

/**
 * Display names for the people met: the first non-blank name an attendee entry gives, else
 * the organizer's name when that person organised the event (a listed organizer often comes
 * without a name on the attendee entry).
 */
function namesOf(emails: readonly string[], event: CalendarEvent): Record<string, string> {
  const names: Record<string, string> = {};
  for (const email of emails) {
    const name =
      event.attendees.find((a) => a.email.toLowerCase() === email && a.name?.trim())?.name ??
      (event.organizer?.email.toLowerCase() === email && event.organizer.name?.trim() ? event.organizer.name : undefined);
    if (name !== undefined) names[email] = name;
  }
  return names;
}
