import {
  MAX_TITLE_LENGTH,
  instanceKeyOf,
  type Attendee,
  type CalendarEvent,
  type EventKind,
  type EventStatus,
  type ResponseStatus,
} from '../../../core/domain/event.js';
import type { BusyInterval } from '../../../core/domain/busy-time.js';

/**
 * Microsoft Graph event JSON ↔ the provider-neutral event. Pure. Times are asked for in UTC
 * (`Prefer: outlook.timezone="UTC"`), so `dateTime` is a UTC wall time without an offset.
 */

/** Asked on every request that reads or writes event times. */
export const PREFER_UTC = 'outlook.timezone="UTC"';

export interface GraphDateTime {
  dateTime: string;
  timeZone?: string;
}

export interface GraphEmail {
  address?: string;
  name?: string;
}

/** The fields of a Graph event Rapport reads (everything else is ignored). */
export interface GraphEventJson {
  id: string;
  iCalUId?: string;
  /** Same for a series master, its occurrences and exceptions (iCalUId differs per occurrence). */
  uid?: string;
  subject?: string | null;
  start?: GraphDateTime;
  end?: GraphDateTime;
  originalStart?: string | null;
  isAllDay?: boolean;
  isCancelled?: boolean;
  showAs?: string;
  type?: string;
  seriesMasterId?: string | null;
  responseStatus?: { response?: string };
  organizer?: { emailAddress?: GraphEmail };
  attendees?: { type?: string; status?: { response?: string }; emailAddress?: GraphEmail }[];
  categories?: string[];
  singleValueExtendedProperties?: { id: string; value: string }[];
  '@removed'?: { reason?: string };
}

/**
 * Rapport's tag on its holds: a single-value extended property in our own GUID namespace
 * (invisible in Outlook, survives edits), holding the proposal id. The category is a visible
 * fallback some clients keep when they copy an event.
 */
export const RAPPORT_PROPERTY_ID = 'String {7f3a2c1e-5b8d-4e6f-9a0b-2c4d6e8f1a3b} Name RapportProposal';
export const RAPPORT_CATEGORY = 'Rapport hold';
/** Our own id on every event Rapport writes, so it can be found again by that id. */
export const RAPPORT_ID_PROPERTY = 'String {7f3a2c1e-5b8d-4e6f-9a0b-2c4d6e8f1a3b} Name RapportId';

/** The `$expand` that makes Graph return our tag with each event. */
export const RAPPORT_PROPERTY_EXPAND = `singleValueExtendedProperties($filter=id eq '${RAPPORT_PROPERTY_ID}')`;

/** Graph's `2026-11-20T09:00:00.0000000` (UTC, no offset) → ISO with `Z`. */
export function instantOf(time: GraphDateTime | undefined): string | undefined {
  if (!time?.dateTime) return undefined;
  const zone = time.timeZone ?? 'UTC';
  if (zone !== 'UTC' && zone !== 'Etc/UTC' && zone !== 'tzone://Microsoft/Utc') return undefined;
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]00:00)?$/.exec(time.dateTime);
  if (!match) return undefined;
  const millis = (match[2] ?? '.000').slice(1, 4).padEnd(3, '0');
  const instant = new Date(`${match[1]}.${millis}Z`);
  return Number.isNaN(instant.getTime()) ? undefined : instant.toISOString();
}

/** An instant as Graph takes it in a request body: `2026-11-20T09:00:00.000Z` → `2026-11-20T09:00:00.0000000` in UTC. */
export function graphTimeOf(iso: string): GraphDateTime {
  return { dateTime: new Date(iso).toISOString().replace(/\.(\d{3})Z$/, '.$10000'), timeZone: 'UTC' };
}

/**
 * The event, or null when it is not an event of the calendar view Rapport keeps: series masters
 * (their occurrences come separately), removals, and events whose times cannot be read.
 */
export function calendarEventOf(event: GraphEventJson): CalendarEvent | null {
  if (event['@removed'] || event.type === 'seriesMaster') return null;
  const start = instantOf(event.start);
  const end = instantOf(event.end);
  const iCalUId = event.iCalUId ?? event.uid;
  if (!start || !end || !iCalUId) return null;
  const occurrence = event.type === 'occurrence' || event.type === 'exception';
  const originalStart = occurrence ? (event.originalStart ? new Date(event.originalStart).toISOString() : start) : undefined;
  // An occurrence is keyed like an iCalendar instance (series UID + original start), so the
  // same meeting read from another provider's calendar lands on the same key.
  const uid = occurrence && event.uid ? event.uid : iCalUId;
  const title = titleOf(event.subject);
  const organizerEmail = event.organizer?.emailAddress?.address?.trim().toLowerCase();
  const proposalId = holdProposalOf(event);
  return {
    uid,
    instanceKey: instanceKeyOf(uid, occurrence ? originalStart : undefined),
    ...(occurrence ? { recurrenceId: originalStart } : {}),
    start,
    end,
    allDay: event.isAllDay === true,
    status: statusOf(event),
    transparent: event.showAs === 'free',
    kind: kindOf(event.showAs),
    ...(title ? { title } : {}),
    ...(organizerEmail ? { organizer: { email: organizerEmail, ...nameOf(event.organizer?.emailAddress) } } : {}),
    attendees: attendeesOf(event),
    ...(proposalId ? { rapportHold: { proposalId } } : {}),
  };
}

function nameOf(email: GraphEmail | undefined): { name?: string } {
  const name = email?.name?.trim();
  return name && name.toLowerCase() !== email?.address?.toLowerCase() ? { name } : {};
}

/** Cancelled wins; then the owner's own answer (a tentative acceptance is a tentative event). */
function statusOf(event: GraphEventJson): EventStatus {
  if (event.isCancelled) return 'cancelled';
  if (event.showAs === 'tentative' || event.responseStatus?.response === 'tentativelyAccepted') return 'tentative';
  return 'confirmed';
}

function kindOf(showAs: string | undefined): EventKind {
  switch (showAs) {
    case 'oof':
      return 'out-of-office';
    case 'workingElsewhere':
      return 'working-location';
    default:
      return 'default';
  }
}

export function responseOf(response: string | undefined): ResponseStatus {
  switch (response) {
    case 'accepted':
    case 'organizer':
      return 'accepted';
    case 'declined':
      return 'declined';
    case 'tentativelyAccepted':
      return 'tentative';
    default:
      return 'needs-action';
  }
}

function attendeesOf(event: GraphEventJson): Attendee[] {
  const byEmail = new Map<string, Attendee>();
  for (const attendee of event.attendees ?? []) {
    const email = attendee.emailAddress?.address?.trim().toLowerCase();
    if (!email || byEmail.has(email)) continue;
    byEmail.set(email, {
      email,
      ...nameOf(attendee.emailAddress),
      response: responseOf(attendee.status?.response),
      // Graph marks rooms and equipment alike as `resource`; neither is a person to keep in touch with.
      kind: attendee.type === 'resource' ? 'resource' : 'person',
    });
  }
  return [...byEmail.values()];
}

function holdProposalOf(event: GraphEventJson): string | undefined {
  const property = event.singleValueExtendedProperties?.find((p) => p.id.toLowerCase() === RAPPORT_PROPERTY_ID.toLowerCase());
  if (property?.value) return property.value;
  // The category alone marks a hold whose proposal is unknown (copied by a client that drops
  // extended properties): still ours, still never a meeting.
  return event.categories?.includes(RAPPORT_CATEGORY) ? 'unknown' : undefined;
}

function titleOf(subject: string | null | undefined): string | undefined {
  const trimmed = subject?.trim();
  if (!trimmed) return undefined;
  const codePoints = Array.from(trimmed);
  return codePoints.length > MAX_TITLE_LENGTH ? codePoints.slice(0, MAX_TITLE_LENGTH).join('') : trimmed;
}

/** getSchedule's items → busy intervals; `free` items do not block. */
export function busyOfScheduleItems(items: { status?: string; start?: GraphDateTime; end?: GraphDateTime }[]): BusyInterval[] {
  const busy: BusyInterval[] = [];
  for (const item of items) {
    if (item.status === 'free') continue;
    const start = instantOf(item.start);
    const end = instantOf(item.end);
    if (start && end && end > start) busy.push({ start, end });
  }
  return busy;
}

/**
 * A Teams meeting made with the event (Graph event resource): `isOnlineMeeting` with the
 * provider `teamsForBusiness`. A mailbox whose allowedOnlineMeetingProviders lacks it (a
 * personal account) creates the event without one, so the link is read back, never assumed.
 */
export const TEAMS_MEETING = { isOnlineMeeting: true, onlineMeetingProvider: 'teamsForBusiness' } as const;

/** The join link of the event's online meeting (`onlineMeeting.joinUrl`), when it has one. */
export function teamsLinkOf(event: { onlineMeeting?: { joinUrl?: string | null } | null } | null | undefined): string | undefined {
  return event?.onlineMeeting?.joinUrl ?? undefined;
}
