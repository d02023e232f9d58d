import type { Client } from '@microsoft/microsoft-graph-client';
import type { CalendarChanges, CalendarEvent } from '../../../core/domain/event.js';
import type { TimeWindow } from '../../../core/domain/busy-time.js';
import { CalendarUnavailable } from '../../../core/ports/calendar.js';
import { decodeCursor, encodeCursor, shortHash } from './cursor.js';
import { callGraph, isSyncStateLost } from './errors.js';
import { calendarEventOf, PREFER_UTC, type GraphEventJson } from './mapping.js';

/**
 * Reading what changed on the primary calendar with calendarView/delta: a first listing of the
 * window ends with a delta link (the cursor); later reads follow it and get only changes.
 */

/** Graph answers one page at most this large; fewer, larger pages mean fewer requests. */
export const DEFAULT_PAGE_SIZE = 200;

export interface ChangeReaderOptions {
  client: Client;
  /** Largest delta page asked for (`Prefer: odata.maxpagesize`). */
  pageSize?: number;
  /** Instance keys of the events stored for this connection, asked only when something was removed. */
  storedInstanceKeys: () => Promise<string[]>;
}

interface DeltaPage {
  value: GraphEventJson[];
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
}

interface DeltaListing {
  items: GraphEventJson[];
  deltaLink: string;
}

export async function readMicrosoftChanges(options: ChangeReaderOptions, cursor: string | null, window: TimeWindow): Promise<CalendarChanges> {
  const previous = decodeCursor(cursor);
  if (!previous) return fullSync(options, window);
  let listing: DeltaListing;
  try {
    listing = await readAll(options, previous.link);
  } catch (error) {
    // The sync state is gone (expired, or reset by Exchange): read the window afresh. It
    // comes back as a snapshot, which replaces stored events; recorded meetings stay.
    if (isSyncStateLost(error)) return fullSync(options, window);
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
  const removedInstanceKeys = await removedKeys(options, removedHashes);
  return { kind: 'delta', events, removedInstanceKeys, cursor: encodeCursor({ v: 1, link: listing.deltaLink, ids }) };
}

async function fullSync(options: ChangeReaderOptions, window: TimeWindow): Promise<CalendarChanges> {
  const { items, deltaLink } = await readAll(options, '/me/calendarView/delta', { startDateTime: window.from, endDateTime: window.to });
  const ids: Record<string, string> = {};
  const events: CalendarEvent[] = [];
  for (const item of items) {
    const event = calendarEventOf(item);
    if (!event) continue;
    ids[shortHash(item.id)] = shortHash(event.instanceKey);
    events.push(event);
  }
  return { kind: 'snapshot', events, cursor: encodeCursor({ v: 1, link: deltaLink, ids }) };
}

/** Follows @odata.nextLink from `path` to the end; returns the items and the final delta link. */
async function readAll(options: ChangeReaderOptions, path: string, query?: Record<string, string>): Promise<DeltaListing> {
  const prefer = `${PREFER_UTC}, odata.maxpagesize=${options.pageSize ?? DEFAULT_PAGE_SIZE}`;
  const get = (url: string, parameters?: Record<string, string>) =>
    callGraph(() => {
      const request = options.client.api(url);
      return (parameters ? request.query(parameters) : request).header('Prefer', prefer).get() as Promise<DeltaPage>;
    });
  const items: GraphEventJson[] = [];
  let page = await get(path, query);
  for (;;) {
    items.push(...page.value);
    if (page['@odata.deltaLink']) return { items, deltaLink: page['@odata.deltaLink'] };
    const next = page['@odata.nextLink'];
    if (!next) throw new CalendarUnavailable('Outlook ended a delta listing without a delta link');
    page = await get(next);
  }
}

/** The stored instance keys behind removed Graph ids (one read, only when something was removed). */
async function removedKeys(options: ChangeReaderOptions, hashes: string[]): Promise<string[]> {
  if (hashes.length === 0) return [];
  const wanted = new Set(hashes);
  const stored = await options.storedInstanceKeys();
  return stored.filter((key) => wanted.has(shortHash(key)));
}
