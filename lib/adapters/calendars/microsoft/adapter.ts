import { createHash } from 'node:crypto';
import { GraphError, type Client } from '@microsoft/microsoft-graph-client';
import type { MicrosoftConfig } from '../../../runtime/config.js';
import type { CalendarEvent } from '../../../core/domain/event.js';
import type { ConnectionSecrets } from '../../secrets/connection-secrets.js';
import type { Store } from '../../../core/ports/store.js';
import { CalendarError, CalendarUnavailable, NeedsReconnect, type CalendarSource, type CalendarWriter, type RemovalOutcome } from '../../../core/ports/calendar.js';
import { type BusyInterval, type TimeWindow } from '../../../core/domain/busy-time.js';
import { type CalendarChanges } from '../../../core/domain/event.js';
import { connectionTokens, type AccessTokenSource } from './auth.js';
import { createGraphClient, type ThrottlingOptions } from './client.js';
import { busyOfScheduleItems, calendarEventOf, RAPPORT_CATEGORY, RAPPORT_PROPERTY_ID, type GraphEventJson } from './mapping.js';

/**
 * Outlook / Microsoft 365 through Microsoft Graph: the user's primary calendar read with
 * calendarView/delta (the delta link is the cursor), free/busy from getSchedule, and holds and
 * coffees written as events created with a transactionId, so a retried create never makes a
 * second event.
 */

export interface MicrosoftCalendarOptions extends ThrottlingOptions {
  config: MicrosoftConfig;
  secrets: ConnectionSecrets;
  store: Pick<Store, 'events' | 'proposals'>;
  userId: string;
  connectionId: string;
  /** The mailbox's address when known (saved on the connection at connect time). */
  account?: string;
  /** Tests may hand in a token source; by default MSAL with the sealed cache. */
  tokens?: AccessTokenSource;
  /** Largest delta page asked for (`Prefer: odata.maxpagesize`); tests use small pages. */
  pageSize?: number;
}

/** Our own id on every event Rapport writes, so it can be found again by that id. */
export const RAPPORT_ID_PROPERTY = 'String {7f3a2c1e-5b8d-4e6f-9a0b-2c4d6e8f1a3b} Name RapportId';
/** Graph answers one page at most this large; fewer, larger pages mean fewer requests. */
const DEFAULT_PAGE_SIZE = 200;
/** getSchedule takes windows under 62 days. */
const SCHEDULE_CHUNK_MS = 61 * 86_400_000;
const PREFER_UTC = 'outlook.timezone="UTC"';

/** The event to move is not on the calendar (never created, or deleted). */
export class MicrosoftEventMissing extends CalendarError {
  override name = 'MicrosoftEventMissing';
}

/**
 * The cursor: the delta link, plus which Graph ids stand for which stored events. A removal
 * names only the Graph id; the map (short hashes, to stay small) turns it back into the
 * instance key sync stores events under.
 */
interface Cursor {
  v: 1;
  link: string;
  ids: Record<string, string>;
}

export function createMicrosoftCalendar(options: MicrosoftCalendarOptions): CalendarSource & CalendarWriter {
  const { userId, connectionId } = options;
  const tokens = options.tokens ?? connectionTokens(options.config, options.secrets, userId, connectionId);
  const client: Client = createGraphClient({
    graphRoot: options.config.graphRoot,
    tokens,
    mailboxKey: `${userId}/${connectionId}`,
    ...(options.sleep ? { sleep: options.sleep } : {}),
    ...(options.random ? { random: options.random } : {}),
  });

  const preferHeader = () => `${PREFER_UTC}, odata.maxpagesize=${options.pageSize ?? DEFAULT_PAGE_SIZE}`;

  const call = async <T>(request: () => Promise<T>): Promise<T> => {
    try {
      return await request();
    } catch (error) {
      throw translate(error);
    }
  };

  /** Follows @odata.nextLink to the end; returns the items and the final delta link. */
  const readAll = async (first: () => Promise<DeltaPage>): Promise<{ items: GraphEventJson[]; deltaLink: string }> => {
    const items: GraphEventJson[] = [];
    let page = await call(first);
    for (;;) {
      items.push(...page.value);
      if (page['@odata.deltaLink']) return { items, deltaLink: page['@odata.deltaLink'] };
      const next = page['@odata.nextLink'];
      if (!next) throw new CalendarUnavailable('Outlook ended a delta listing without a delta link');
      page = await call(() => client.api(next).header('Prefer', preferHeader()).get() as Promise<DeltaPage>);
    }
  };

  const fullSync = async (window: TimeWindow): Promise<CalendarChanges> => {
    const { items, deltaLink } = await readAll(
      () =>
        client
          .api('/me/calendarView/delta')
          .query({ startDateTime: window.from, endDateTime: window.to })
          .header('Prefer', preferHeader())
          .get() as Promise<DeltaPage>,
    );
    const ids: Record<string, string> = {};
    const events: CalendarEvent[] = [];
    for (const item of items) {
      const event = calendarEventOf(item);
      if (!event) continue;
      ids[shortHash(item.id)] = shortHash(event.instanceKey);
      events.push(event);
    }
    return { kind: 'snapshot', events, cursor: encodeCursor({ v: 1, link: deltaLink, ids }) };
  };

  /** The stored instance keys behind removed Graph ids (one query, only when something was removed). */
  const removedKeys = async (hashes: string[]): Promise<string[]> => {
    if (hashes.length === 0) return [];
    const wanted = new Set(hashes);
    const stored = await options.store.events.listByConnection(userId, connectionId);
    return stored.map((e) => e.instanceKey).filter((key) => wanted.has(shortHash(key)));
  };

  /** The Graph id of the event Rapport wrote under `id`, or null when there is none. */
  const findByRapportId = async (id: string): Promise<string | null> => {
    const filter = `singleValueExtendedProperties/Any(ep: ep/id eq '${RAPPORT_ID_PROPERTY}' and ep/value eq '${id.replace(/'/g, "''")}')`;
    const found = (await call(() => client.api('/me/events').filter(filter).select('id').get())) as { value: { id: string }[] };
    return found.value[0]?.id ?? null;
  };

  const removeById = async (id: string): Promise<RemovalOutcome> => {
    const graphId = await findByRapportId(id);
    if (!graphId) return 'already-gone';
    try {
      await client.api(`/me/events/${encodeURIComponent(graphId)}`).delete();
      return 'removed';
    } catch (error) {
      // Deleted meanwhile (by the user, or by a retry of this very call): the outcome we wanted.
      if (error instanceof GraphError && error.statusCode === 404) return 'already-gone';
      throw translate(error);
    }
  };

  const create = async (body: Record<string, unknown>) => {
    await call(() => client.api('/me/events').header('Prefer', PREFER_UTC).post(body));
  };

  return {
    async readChanges(cursor, window) {
      const previous = decodeCursor(cursor);
      if (!previous) return fullSync(window);
      let listing: { items: GraphEventJson[]; deltaLink: string };
      try {
        listing = await readAll(() => client.api(previous.link).header('Prefer', preferHeader()).get() as Promise<DeltaPage>);
      } catch (error) {
        // The sync state is gone (expired, or reset by Exchange): read the window afresh. It
        // comes back as a snapshot, which replaces stored events; recorded meetings stay.
        if (error instanceof CalendarUnavailable && isSyncStateLost(error.cause)) return fullSync(window);
        throw error;
      }
      const ids = { ...previous.ids };
      if (listing.items.length === 0) return { kind: 'unchanged', cursor: encodeCursor({ v: 1, link: listing.deltaLink, ids }) };
      const events: CalendarEvent[] = [];
      const removedHashes: string[] = [];
      for (const item of listing.items) {
        const idHash = shortHash(item.id);
        const event = calendarEventOf(item);
        if (event) {
          ids[idHash] = shortHash(event.instanceKey);
          events.push(event);
        } else if (item['@removed'] && ids[idHash]) {
          removedHashes.push(ids[idHash]);
          delete ids[idHash];
        }
      }
      const removedInstanceKeys = await removedKeys(removedHashes);
      return { kind: 'delta', events, removedInstanceKeys, cursor: encodeCursor({ v: 1, link: listing.deltaLink, ids }) };
    },

    async readBusy(window) {
      const address = options.account ?? ((await call(() => client.api('/me').select('mail,userPrincipalName').get())) as { mail?: string; userPrincipalName: string }).mail;
      if (!address) throw new CalendarUnavailable('The Microsoft account has no mailbox address');
      const busy: BusyInterval[] = [];
      for (const chunk of scheduleChunks(window)) {
        const answer = (await call(() =>
          client
            .api('/me/calendar/getSchedule')
            .header('Prefer', PREFER_UTC)
            .post({
              schedules: [address],
              startTime: { dateTime: graphWallTime(chunk.from), timeZone: 'UTC' },
              endTime: { dateTime: graphWallTime(chunk.to), timeZone: 'UTC' },
              availabilityViewInterval: 30,
            }),
        )) as { value: { scheduleId: string; scheduleItems?: { status?: string; start?: { dateTime: string; timeZone?: string }; end?: { dateTime: string; timeZone?: string } }[]; error?: { message?: string } }[] };
        const schedule = answer.value[0];
        if (!schedule || schedule.error) throw new CalendarUnavailable(`Outlook free/busy failed: ${schedule?.error?.message ?? 'no schedule returned'}`);
        busy.push(...busyOfScheduleItems(schedule.scheduleItems ?? []));
      }
      return tagHolds(busy, await heldSlots());
    },

    async putHold(hold) {
      await create({
        transactionId: transactionIdOf(hold.id),
        subject: hold.title,
        ...(hold.description ? { body: { contentType: 'text', content: hold.description } } : {}),
        start: { dateTime: graphWallTime(hold.start), timeZone: 'UTC' },
        end: { dateTime: graphWallTime(hold.end), timeZone: 'UTC' },
        ...(hold.location ? { location: { displayName: hold.location } } : {}),
        showAs: 'tentative',
        isReminderOn: false,
        categories: [RAPPORT_CATEGORY],
        singleValueExtendedProperties: [
          { id: RAPPORT_PROPERTY_ID, value: hold.proposalId },
          { id: RAPPORT_ID_PROPERTY, value: hold.id },
        ],
      });
    },

    removeHold: removeById,

    async createEvent(invitation) {
      await create({
        transactionId: transactionIdOf(invitation.id),
        subject: invitation.title,
        ...(invitation.description ? { body: { contentType: 'text', content: invitation.description } } : {}),
        start: { dateTime: graphWallTime(invitation.start), timeZone: 'UTC' },
        end: { dateTime: graphWallTime(invitation.end), timeZone: 'UTC' },
        ...(invitation.location ? { location: { displayName: invitation.location } } : {}),
        showAs: 'busy',
        // The guest is invited by Outlook itself: the user is the organizer, the guest required.
        attendees: [{ type: 'required', emailAddress: { address: invitation.guest.email, ...(invitation.guest.name ? { name: invitation.guest.name } : {}) } }],
        singleValueExtendedProperties: [{ id: RAPPORT_ID_PROPERTY, value: invitation.id }],
      });
    },

    async moveEvent(eventId, start, end) {
      const graphId = await findByRapportId(eventId);
      if (!graphId) throw new MicrosoftEventMissing(`The coffee ${eventId} is not on the Outlook calendar any more`);
      await call(() =>
        client.api(`/me/events/${encodeURIComponent(graphId)}`).patch({
          start: { dateTime: graphWallTime(start), timeZone: 'UTC' },
          end: { dateTime: graphWallTime(end), timeZone: 'UTC' },
        }),
      );
    },

    cancelEvent: removeById,
  };

  /** Offered slots written to this calendar: a tentative busy item at exactly that time is the hold. */
  async function heldSlots(): Promise<Map<string, string>> {
    const proposals = await options.store.proposals.list(userId);
    const slots = new Map<string, string>();
    for (const proposal of proposals) {
      if (proposal.calendarId !== connectionId || proposal.status !== 'open' && proposal.status !== 'pending') continue;
      for (const slot of proposal.slots) slots.set(`${new Date(slot.start).toISOString()}|${new Date(slot.end).toISOString()}`, proposal.id);
    }
    return slots;
  }
}

interface DeltaPage {
  value: GraphEventJson[];
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
}


/**
 * getSchedule answers busy times without ids, so Rapport's own holds are recognised by their
 * exact times among the proposal's offered slots; a booking then ignores its own holds.
 */
function tagHolds(busy: BusyInterval[], held: Map<string, string>): BusyInterval[] {
  return busy.map((b) => {
    const proposalId = held.get(`${b.start}|${b.end}`);
    return proposalId ? { ...b, proposalId } : b;
  });
}

/** The window cut into pieces getSchedule accepts. */
export function scheduleChunks(window: TimeWindow): TimeWindow[] {
  const chunks: TimeWindow[] = [];
  let from = Date.parse(window.from);
  const to = Date.parse(window.to);
  while (from < to) {
    const end = Math.min(to, from + SCHEDULE_CHUNK_MS);
    chunks.push({ from: new Date(from).toISOString(), to: new Date(end).toISOString() });
    from = end;
  }
  return chunks;
}

/** `2026-11-20T09:00:00.000Z` → `2026-11-20T09:00:00.0000000` (with `timeZone: "UTC"`). */
export function graphWallTime(iso: string): string {
  return new Date(iso).toISOString().replace(/\.(\d{3})Z$/, '.$10000');
}

/** Graph keeps transactionIds as opaque strings; ours is a digest of Rapport's deterministic id. */
export function transactionIdOf(id: string): string {
  return `rapport-${createHash('sha256').update(id).digest('hex').slice(0, 40)}`;
}

function shortHash(value: string): string {
  return createHash('sha256').update(value).digest('base64url').slice(0, 12);
}

function encodeCursor(cursor: Cursor): string {
  return JSON.stringify(cursor);
}

function decodeCursor(cursor: string | null): Cursor | null {
  if (!cursor) return null;
  try {
    const parsed = JSON.parse(cursor) as Partial<Cursor>;
    return parsed.v === 1 && typeof parsed.link === 'string' && parsed.ids && typeof parsed.ids === 'object' ? (parsed as Cursor) : null;
  } catch {
    return null;
  }
}

function isSyncStateLost(error: unknown): boolean {
  return error instanceof GraphError && (error.statusCode === 410 || error.code === 'syncStateNotFound' || error.code === 'resyncRequired');
}

/** Graph and token failures → the port's errors (messages carry Graph's code, never a token). */
function translate(error: unknown): Error {
  if (error instanceof CalendarError) return error;
  if (error instanceof GraphError) {
    // The token source's own errors come back wrapped by the client, named by their class.
    if (error.code === 'NeedsReconnect') return new NeedsReconnect(error.message, { cause: error });
    if (error.code === 'CalendarUnavailable') return new CalendarUnavailable(error.message, { cause: error });
    return new CalendarUnavailable(`Outlook answered ${error.statusCode}${error.code ? ` ${error.code}` : ''}: ${error.message}`, { cause: error });
  }
  return new CalendarUnavailable(`Outlook could not be reached: ${(error as Error).message}`, { cause: error });
}
