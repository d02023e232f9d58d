import { createHash } from 'node:crypto';
import { MAX_TITLE_LENGTH, type Attendee, type CalendarEvent } from '../../../core/domain/event.js';
import type { OwnCalendarEvent } from '../../../core/domain/own-calendar-event.js';
import { uidOf } from '../ics/write.js';
import type { TimeWindow } from '../../../core/domain/busy-time.js';

/**
 * Rapport's own calendar events → the provider-neutral CalendarEvent, exactly as if they had
 * been read from a calendar: a hold is tentative and tagged as Rapport's, a coffee is a
 * confirmed meeting with the guest. Pure.
 */

export function calendarEventOf(event: OwnCalendarEvent): CalendarEvent {
  const uid = uidOf(event.id);
  return {
    uid,
    instanceKey: uid,
    start: event.start,
    end: event.end,
    allDay: false,
    status: event.status === 'cancelled' ? 'cancelled' : event.kind === 'hold' ? 'tentative' : event.status,
    transparent: false,
    kind: 'default',
    title: Array.from(event.title).slice(0, MAX_TITLE_LENGTH).join(''),
    organizer: { email: event.organizer.email.toLowerCase(), ...(event.organizer.name ? { name: event.organizer.name } : {}) },
    // A coffee exists only once the guest booked it: both of them have said yes.
    attendees: event.kind === 'coffee' ? event.attendees.map(acceptedAttendee) : [],
    ...(event.kind === 'hold' ? { rapportHold: { proposalId: event.proposalId } } : {}),
  };
}

function acceptedAttendee(person: { email: string; name?: string }): Attendee {
  return { email: person.email.toLowerCase(), ...(person.name ? { name: person.name } : {}), response: 'accepted', kind: 'person' };
}

export function overlaps(event: Pick<OwnCalendarEvent, 'start' | 'end'>, window: TimeWindow): boolean {
  return Date.parse(event.start) < Date.parse(window.to) && Date.parse(window.from) < Date.parse(event.end);
}

/**
 * The sync cursor: a digest of what sync is given from the window (each event's id, revision
 * time and sequence). Equal digests mean nothing a reader would see has changed, including
 * nothing entering or leaving the window. v2: coffees only (v1 covered holds too, so a cursor
 * of an earlier release reads as changed once).
 */
export function changeCursorOf(eventsInWindow: readonly OwnCalendarEvent[]): string {
  const revisions = eventsInWindow.map((e) => `${e.id}|${e.updatedAt}|${e.sequence}`).sort();
  return `rapport:v2:${createHash('sha256').update(revisions.join('\n')).digest('base64url')}`;
}
