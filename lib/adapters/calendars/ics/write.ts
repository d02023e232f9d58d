import type { OwnCalendarEvent, Participant } from '../../../core/domain/own-calendar-event.js';
import { contentLine, escapeText, joinLines, mailto, quotedParameter, utcDateTime, type Parameters } from './write-lines.js';

/**
 * Writes Rapport's own events as iCalendar (RFC 5545): the suggestions feed (METHOD:PUBLISH)
 * and invitations (RFC 5546 iTIP, METHOD:REQUEST / CANCEL). The reader in this folder reads
 * the result back the same way it reads any calendar.
 */

export type CalendarMethod = 'PUBLISH' | 'REQUEST' | 'CANCEL';

/** What the writer needs of an event: Rapport's own events, with the organizer optional (a feed of holds has none). */
export type WritableEvent = Omit<OwnCalendarEvent, 'organizer' | 'attendees'> & {
  organizer?: Participant;
  attendees: readonly Participant[];
};

export interface CalendarDocument {
  method?: CalendarMethod;
  /** The calendar's display name (X-WR-CALNAME, read by Apple, Google and Outlook). */
  name?: string;
  events: readonly WritableEvent[];
}

export const PRODUCT_ID = '-//Rapport//Rapport//EN';

/** Globally unique UIDs (§3.8.4.7): the event id under Rapport's own domain-like suffix. */
export function uidOf(eventId: string): string {
  return `${eventId}@rapport`;
}

export function serializeCalendar(document: CalendarDocument): string {
  return joinLines([
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${PRODUCT_ID}`,
    'CALSCALE:GREGORIAN',
    ...(document.method ? [`METHOD:${document.method}`] : []),
    ...(document.name ? [contentLine('X-WR-CALNAME', escapeText(document.name))] : []),
    ...document.events.flatMap(eventLines),
    'END:VCALENDAR',
  ]);
}

const STATUS = { tentative: 'TENTATIVE', confirmed: 'CONFIRMED', cancelled: 'CANCELLED' } as const;

function eventLines(event: WritableEvent): string[] {
  return [
    'BEGIN:VEVENT',
    contentLine('UID', escapeText(uidOf(event.id))),
    contentLine('DTSTAMP', utcDateTime(event.updatedAt)),
    contentLine('DTSTART', utcDateTime(event.start)),
    contentLine('DTEND', utcDateTime(event.end)),
    contentLine('SUMMARY', escapeText(event.title)),
    ...(event.description ? [contentLine('DESCRIPTION', escapeText(event.description))] : []),
    ...(event.location ? [contentLine('LOCATION', escapeText(event.location))] : []),
    contentLine('STATUS', STATUS[event.status]),
    // Holds too: a hold keeps the slot free of anything else until the guest answers.
    'TRANSP:OPAQUE',
    contentLine('SEQUENCE', String(Math.max(0, Math.trunc(event.sequence)))),
    ...(event.organizer ? [contentLine('ORGANIZER', mailto(event.organizer.email), nameParameter(event.organizer))] : []),
    ...event.attendees.map((attendee) => attendeeLine(attendee, event.organizer)),
    // Only an unbooked hold carries the tag: inference skips tagged events, and a booked
    // coffee is a real meeting that must count.
    ...(event.kind === 'hold' ? [contentLine('X-RAPPORT-PROPOSAL', escapeText(event.proposalId))] : []),
    'END:VEVENT',
  ];
}

/** The organizer attends their own event; everyone else is asked to reply (§3.2.12, §3.2.17). */
function attendeeLine(attendee: Participant, organizer: Participant | undefined): string {
  const isOrganizer = organizer !== undefined && organizer.email.toLowerCase() === attendee.email.toLowerCase();
  const parameters: Parameters = [
    ['CUTYPE', 'INDIVIDUAL'],
    ['ROLE', isOrganizer ? 'CHAIR' : 'REQ-PARTICIPANT'],
    ['PARTSTAT', isOrganizer ? 'ACCEPTED' : 'NEEDS-ACTION'],
    ...(isOrganizer ? [] : ([['RSVP', 'TRUE']] as const)),
    ...nameParameter(attendee),
  ];
  return contentLine('ATTENDEE', mailto(attendee.email), parameters);
}

function nameParameter(participant: Participant): Parameters {
  return participant.name ? [['CN', quotedParameter(participant.name)]] : [];
}
