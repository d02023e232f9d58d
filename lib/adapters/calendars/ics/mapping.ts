import type ICAL from 'ical.js';
import {
  MAX_TITLE_LENGTH,
  type Attendee,
  type AttendeeKind,
  type CalendarEvent,
  type EventKind,
  type EventStatus,
  type Organizer,
  type ResponseStatus,
} from '../../../core/domain/event.js';

/**
 * iCalendar properties of one VEVENT → the facts Rapport keeps about an event (everything in
 * CalendarEvent except identity and timing). Pure; no descriptions or bodies are read.
 */

export type EventFacts = Pick<CalendarEvent, 'status' | 'transparent' | 'kind' | 'attendees'> &
  Partial<Pick<CalendarEvent, 'title' | 'organizer' | 'rapportHold'>>;

export function eventFactsOf(event: ICAL.Component): EventFacts {
  const title = titleOf(textOf(event, 'summary'));
  const organizer = organizerOf(event.getFirstProperty('organizer'));
  const proposalId = textOf(event, 'x-rapport-proposal')?.trim();
  return {
    status: statusOf(textOf(event, 'status')),
    transparent: textOf(event, 'transp')?.trim().toUpperCase() === 'TRANSPARENT',
    kind: kindOf(event),
    attendees: attendeesOf(event.getAllProperties('attendee')),
    ...(title ? { title } : {}),
    ...(organizer ? { organizer } : {}),
    ...(proposalId ? { rapportHold: { proposalId } } : {}),
  };
}

function textOf(event: ICAL.Component, name: string): string | undefined {
  const value = event.getFirstPropertyValue(name);
  return value === null || value === undefined ? undefined : String(value);
}

/** RFC 5545 §3.8.1.11; anything other than CANCELLED or TENTATIVE is a confirmed event. */
function statusOf(status: string | undefined): EventStatus {
  switch (status?.trim().toUpperCase()) {
    case 'CANCELLED':
      return 'cancelled';
    case 'TENTATIVE':
      return 'tentative';
    default:
      return 'confirmed';
  }
}

const RAPPORT_KINDS: ReadonlySet<string> = new Set<EventKind>(['default', 'focus', 'out-of-office', 'working-location']);

/** Our own X-RAPPORT-KIND wins; otherwise Outlook's busy status tells OOF and "working elsewhere". */
function kindOf(event: ICAL.Component): EventKind {
  const rapportKind = textOf(event, 'x-rapport-kind')?.trim().toLowerCase();
  if (rapportKind && RAPPORT_KINDS.has(rapportKind)) return rapportKind as EventKind;
  switch (textOf(event, 'x-microsoft-cdo-busystatus')?.trim().toUpperCase()) {
    case 'OOF':
      return 'out-of-office';
    case 'WORKINGELSEWHERE':
      return 'working-location';
    default:
      return 'default';
  }
}

function titleOf(summary: string | undefined): string | undefined {
  const trimmed = summary?.trim();
  if (!trimmed) return undefined;
  // Cut on code points so a truncated title never ends in half a surrogate pair.
  const codePoints = Array.from(trimmed);
  return codePoints.length > MAX_TITLE_LENGTH ? codePoints.slice(0, MAX_TITLE_LENGTH).join('') : trimmed;
}

function attendeesOf(properties: ICAL.Property[]): Attendee[] {
  const byEmail = new Map<string, Attendee>();
  for (const property of properties) {
    const email = emailOf(property);
    // The same address listed twice is one person; the first listing wins.
    if (!email || byEmail.has(email)) continue;
    const name = parameterOf(property, 'cn')?.trim();
    byEmail.set(email, {
      email,
      ...(name ? { name } : {}),
      response: responseOf(parameterOf(property, 'partstat')),
      kind: attendeeKindOf(parameterOf(property, 'cutype'), email),
    });
  }
  return [...byEmail.values()];
}

function organizerOf(property: ICAL.Property | null): Organizer | undefined {
  const email = property ? emailOf(property) : undefined;
  if (!property || !email) return undefined;
  const name = parameterOf(property, 'cn')?.trim();
  return { email, ...(name ? { name } : {}) };
}

/** RFC 5545 §3.2.12; a delegated invitation means this attendee is not coming. */
function responseOf(partstat: string | undefined): ResponseStatus {
  switch (partstat?.trim().toUpperCase()) {
    case 'ACCEPTED':
      return 'accepted';
    case 'DECLINED':
    case 'DELEGATED':
      return 'declined';
    case 'TENTATIVE':
      return 'tentative';
    default:
      return 'needs-action';
  }
}

/** Google lists meeting rooms as ordinary attendees on this domain, without CUTYPE=ROOM. */
const GOOGLE_ROOM_DOMAIN = '@resource.calendar.google.com';

/** RFC 5545 §3.2.3; UNKNOWN and missing are treated as a person. */
function attendeeKindOf(cutype: string | undefined, email: string): AttendeeKind {
  if (email.endsWith(GOOGLE_ROOM_DOMAIN)) return 'room';
  switch (cutype?.trim().toUpperCase()) {
    case 'ROOM':
      return 'room';
    case 'RESOURCE':
      return 'resource';
    case 'GROUP':
      return 'group';
    default:
      return 'person';
  }
}

function parameterOf(property: ICAL.Property, name: string): string | undefined {
  const value: unknown = property.getParameter(name);
  const first: unknown = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : undefined;
}

const EMAIL = /^[^\s@<>",;:]+@[^\s@<>",;:]+$/;

/**
 * The address of a CAL-ADDRESS (RFC 5545 §3.3.3): the `mailto:` URI, or RFC 7986's EMAIL
 * parameter when the value is another kind of URI (e.g. `urn:uuid:`). Lowercased and trimmed.
 */
function emailOf(property: ICAL.Property): string | undefined {
  const value = String(property.getFirstValue() ?? '').trim();
  const mailto = /^mailto:/i.test(value) ? value.slice('mailto:'.length) : parameterOf(property, 'email');
  if (!mailto) return undefined;
  let address = mailto.split('?')[0] ?? '';
  try {
    address = decodeURIComponent(address);
  } catch {
    // A stray % is kept as written.
  }
  address = address.trim().toLowerCase();
  return EMAIL.test(address) ? address : undefined;
}
