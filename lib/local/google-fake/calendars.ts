import { createHash } from 'node:crypto';
import { GoogleErrors } from './errors.js';

/**
 * The calendars of the local Google fake: events per calendar with a change sequence, and
 * `events.list` with Google's paging and sync-token rules (CALENDAR-FACTS.md, "Incremental
 * sync"). Series are stored as their instances (what `singleEvents=true` returns); the fake
 * does not expand RRULEs.
 */

export interface EventDateTime {
  dateTime?: string;
  date?: string;
  timeZone?: string;
}

/** An event as the Calendar API represents it (JSON); unknown fields are kept as given. */
export interface FakeEvent {
  id: string;
  status?: 'confirmed' | 'tentative' | 'cancelled';
  summary?: string;
  start?: EventDateTime;
  end?: EventDateTime;
  iCalUID?: string;
  recurringEventId?: string;
  originalStartTime?: EventDateTime;
  attendees?: { email: string; displayName?: string; responseStatus?: string; self?: boolean; resource?: boolean; organizer?: boolean }[];
  organizer?: { email: string; displayName?: string; self?: boolean };
  transparency?: 'opaque' | 'transparent';
  eventType?: string;
  extendedProperties?: { private?: Record<string, string>; shared?: Record<string, string> };
  updated?: string;
  [field: string]: unknown;
}

interface StoredEvent {
  event: FakeEvent;
  seq: number;
}

export interface FakeCalendar {
  id: string;
  summary: string;
  primary: boolean;
  events: Map<string, StoredEvent>;
  seq: number;
  /** Bumped to expire every sync token handed out so far (410 on their next use). */
  generation: number;
}

/** `events.list` query parameters the fake understands (strings, as they arrive). */
export type ListQuery = Record<string, string | undefined>;

/** Parameters Google refuses next to a syncToken (400). */
const FORBIDDEN_WITH_SYNC_TOKEN = ['timeMin', 'timeMax', 'orderBy', 'q', 'updatedMin', 'iCalUID', 'privateExtendedProperty', 'sharedExtendedProperty'];
const DEFAULT_PAGE = 250;
const MAX_PAGE = 2500;

interface SyncTokenState {
  c: string;
  s: number;
  g: number;
  se: boolean;
  sd: boolean;
}

interface PageTokenState {
  /** Offset of the next page in the result. */
  o: number;
  /** Sequence when the first page was served: the sync token of the last page covers up to it. */
  s: number;
  /** The query the token belongs to (a page token is only valid with the same query). */
  h: string;
}

const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
function decode<T>(token: string): T | undefined {
  try {
    return JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as T;
  } catch {
    return undefined;
  }
}

const BASE32HEX_ID = /^[a-v0-9]{5,1024}$/;

export function newFakeCalendar(id: string, summary: string, primary: boolean): FakeCalendar {
  return { id, summary, primary, events: new Map(), seq: 0, generation: 1 };
}

export function putEvent(calendar: FakeCalendar, event: FakeEvent, now: string): FakeEvent {
  calendar.seq += 1;
  const stored: FakeEvent = {
    kind: 'calendar#event',
    etag: `"${calendar.seq}"`,
    status: 'confirmed',
    iCalUID: `${event.recurringEventId ?? event.id}@google.com`,
    eventType: 'default',
    ...event,
    updated: now,
  };
  calendar.events.set(event.id, { event: stored, seq: calendar.seq });
  return stored;
}

export function insertEvent(calendar: FakeCalendar, event: Partial<FakeEvent>, now: string, newId: () => string, conferenceDataVersion = 0): FakeEvent {
  const id = event.id ?? newId();
  if (!BASE32HEX_ID.test(id)) throw GoogleErrors.invalid('Invalid resource id value.');
  if (calendar.events.has(id)) throw GoogleErrors.duplicate();
  if (!event.start || !event.end) throw GoogleErrors.badRequest('Missing end time.');
  const { conferenceData, ...rest } = event;
  // "Version 0 assumes no conference data support and ignores conference data in the event's body" (events.insert).
  const conference = conferenceDataVersion >= 1 && conferenceData ? conferenceFor(conferenceData) : {};
  return putEvent(calendar, { ...rest, ...conference, id, created: now }, now);
}

interface ConferenceRequest {
  createRequest?: { requestId?: string; conferenceSolutionKey?: { type?: string } };
}

/** A Meet code like Google's (`abc-defg-hij`), derived from the request id: one meeting per request. */
function meetCodeFor(requestId: string): string {
  const letters = [...createHash('sha256').update(requestId).digest()].map((byte) => String.fromCharCode(97 + (byte % 26))).join('');
  return `${letters.slice(0, 3)}-${letters.slice(3, 7)}-${letters.slice(7, 10)}`;
}

/** What Google stores for a conference create request: a Meet made at once (status success), with its video entry point. */
function conferenceFor(data: unknown): Partial<FakeEvent> {
  const request = (data as ConferenceRequest).createRequest;
  if (!request?.requestId) throw GoogleErrors.badRequest('Invalid conference request: a requestId is required.');
  if (request.conferenceSolutionKey?.type !== 'hangoutsMeet') throw GoogleErrors.badRequest('Invalid conference type value.');
  const code = meetCodeFor(request.requestId);
  const uri = `https://meet.google.com/${code}`;
  return {
    hangoutLink: uri,
    conferenceData: {
      createRequest: { ...request, status: { statusCode: 'success' } },
      entryPoints: [{ entryPointType: 'video', uri, label: `meet.google.com/${code}` }],
      conferenceSolution: { key: { type: 'hangoutsMeet' }, name: 'Google Meet' },
      conferenceId: code,
    },
  };
}

export function liveEvent(calendar: FakeCalendar, id: string): FakeEvent {
  const stored = calendar.events.get(id);
  if (!stored) throw GoogleErrors.notFound();
  if (stored.event.status === 'cancelled') throw GoogleErrors.deleted();
  return stored.event;
}

export function deleteEvent(calendar: FakeCalendar, id: string, now: string): void {
  const event = liveEvent(calendar, id);
  putEvent(calendar, { ...event, status: 'cancelled' }, now);
}

/** What an incremental sync shows of a deleted event: Google guarantees only the id. */
function tombstoneOf(event: FakeEvent): FakeEvent {
  return {
    kind: 'calendar#event',
    id: event.id,
    status: 'cancelled',
    ...(event.updated ? { updated: event.updated } : {}),
    ...(event.recurringEventId ? { recurringEventId: event.recurringEventId, originalStartTime: event.originalStartTime } : {}),
  };
}

function instantOf(time: EventDateTime | undefined): number {
  if (!time) return NaN;
  return Date.parse(time.dateTime ?? `${time.date}T00:00:00Z`);
}

export function overlaps(event: FakeEvent, fromMs: number, toMs: number): boolean {
  return instantOf(event.end) > fromMs && instantOf(event.start) < toMs;
}

/** `privateExtendedProperty=key=value`: only events tagged so. */
function hasPrivateProperty(event: FakeEvent, filter: string | undefined): boolean {
  if (!filter) return true;
  const [key, ...value] = filter.split('=');
  return event.extendedProperties?.private?.[key!] === value.join('=');
}

const flag = (value: string | undefined) => value === 'true';

/** One page of `events.list`, or a FakeGoogleError with Google's status and reason. */
export function listEvents(calendar: FakeCalendar, query: ListQuery): Record<string, unknown> {
  const singleEvents = flag(query.singleEvents);
  const showDeleted = flag(query.showDeleted);
  const requested = Number(query.maxResults ?? DEFAULT_PAGE);
  if (!Number.isInteger(requested) || requested < 1) throw GoogleErrors.invalid('Invalid value for maxResults.');
  const pageSize = Math.min(requested, MAX_PAGE);

  let sync: SyncTokenState | undefined;
  if (query.syncToken) {
    const forbidden = FORBIDDEN_WITH_SYNC_TOKEN.filter((name) => query[name] !== undefined);
    if (forbidden.length > 0) throw GoogleErrors.invalid(`The parameter ${forbidden[0]} cannot be used together with syncToken.`);
    // "All events deleted since the previous list request will always be in the result set
    // and it is not allowed to set showDeleted to False" (events.list reference).
    if (query.showDeleted === 'false') throw GoogleErrors.invalid('showDeleted cannot be false with a syncToken.');
    sync = decode<SyncTokenState>(query.syncToken);
    if (!sync || sync.c !== calendar.id || sync.g !== calendar.generation) throw GoogleErrors.fullSyncRequired();
    if (sync.se !== singleEvents || sync.sd !== showDeleted) throw GoogleErrors.invalid('singleEvents and showDeleted must be the same as when the sync token was made.');
  }

  const queryHash = createHash('sha256')
    .update(JSON.stringify({ ...query, pageToken: undefined, maxResults: undefined }))
    .digest('base64url')
    .slice(0, 16);
  let page: PageTokenState = { o: 0, s: calendar.seq, h: queryHash };
  if (query.pageToken) {
    const decoded = decode<PageTokenState>(query.pageToken);
    if (!decoded || decoded.h !== queryHash) throw GoogleErrors.invalid('Invalid page token value.');
    page = decoded;
  }

  const matching = [...calendar.events.values()]
    .filter(({ event, seq }) => {
      if (seq > page.s) return false;
      if (sync) return seq > sync.s;
      if (event.status === 'cancelled' && !showDeleted) return false;
      const fromMs = query.timeMin ? Date.parse(query.timeMin) : -Infinity;
      const toMs = query.timeMax ? Date.parse(query.timeMax) : Infinity;
      return overlaps(event, fromMs, toMs) && hasPrivateProperty(event, query.privateExtendedProperty);
    })
    .sort((a, b) => a.seq - b.seq)
    .map(({ event }) => (sync && event.status === 'cancelled' ? tombstoneOf(event) : event));

  const items = matching.slice(page.o, page.o + pageSize);
  const more = page.o + pageSize < matching.length;
  return {
    kind: 'calendar#events',
    etag: `"${page.s}"`,
    summary: calendar.summary,
    updated: new Date().toISOString(),
    timeZone: 'UTC',
    accessRole: 'owner',
    defaultReminders: [],
    items,
    ...(more
      ? { nextPageToken: encode({ ...page, o: page.o + pageSize }) }
      : { nextSyncToken: encode({ c: calendar.id, s: page.s, g: calendar.generation, se: singleEvents, sd: showDeleted } satisfies SyncTokenState) }),
  };
}

/** Busy intervals of `freeBusy.query` for one calendar: opaque, not cancelled, not declined by the owner. */
export function busyOf(calendar: FakeCalendar, fromMs: number, toMs: number): { start: string; end: string }[] {
  return [...calendar.events.values()]
    .map(({ event }) => event)
    .filter((event) => event.status !== 'cancelled' && event.transparency !== 'transparent' && overlaps(event, fromMs, toMs))
    .filter((event) => !event.attendees?.some((a) => a.email === calendar.id && a.responseStatus === 'declined'))
    .map((event) => ({
      start: new Date(Math.max(instantOf(event.start), fromMs)).toISOString(),
      end: new Date(Math.min(instantOf(event.end), toMs)).toISOString(),
    }))
    .sort((a, b) => a.start.localeCompare(b.start));
}
