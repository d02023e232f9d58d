import type { CalendarChanges } from '../../../core/domain/event.js';
import type { CalendarSource } from '../../../core/ports/calendar.js';
import type { TimeWindow } from '../../../core/domain/busy-time.js';
import { busyIntervalsOf } from '../../../core/domain/busy-time.js';
import { coverageFor, covers, decodeCursor, encodeCursor } from './cursor.js';
import { feedFingerprint } from './fingerprint.js';
import { DEFAULT_FLOATING_TIME_ZONE, parseIcsEvents, windowMsOf, type IcsParseOptions } from './events.js';
import { locateFeed, readFeed, type FeedReadOptions } from './fetch.js';
import { ExpansionReport } from './series.js';
import { zoneNamed } from '../../../core/domain/zones.js';

/**
 * The ICS feed adapter: a read-only CalendarSource over a published calendar (Apple, Fastmail,
 * Google's secret address, any .ics file). Every changed read is a full snapshot; an unchanged
 * feed costs one conditional request (or one stat) and no parsing.
 */

export { parseIcsEvents, DEFAULT_FLOATING_TIME_ZONE, DEFAULT_MAX_INSTANCES_PER_SERIES } from './events.js';
export type { IcsParseOptions } from './events.js';
export { FeedRequestFailed, FeedTooLarge } from './errors.js';

/** Feeds with years of history reach a few MB; more than this is not a calendar we can sync. */
export const DEFAULT_MAX_FEED_BYTES = 20 * 1024 * 1024;
export const DEFAULT_FEED_TIMEOUT_MS = 30_000;

export interface IcsSourceOptions extends IcsParseOptions {
  /** A file path, a `file:` URL, or an http(s)/webcal URL. */
  source: string;
  /** Defaults to the global fetch; tests and the local runtime pass their own. */
  fetchImpl?: typeof fetch;
  /** Largest feed read, in bytes (default 20 MB). */
  maxBytes?: number;
  /** How long one HTTP read may take (default 30 s). */
  timeoutMs?: number;
  /** The user's addresses: events they declined do not make them busy. */
  ownerEmails?: readonly string[];
  /** Checks every URL before it is requested, redirects included (see fetch.ts); default: none. */
  checkUrl?: (url: URL) => Promise<void>;
}

export function createIcsSource(options: IcsSourceOptions): CalendarSource {
  const location = locateFeed(options.source);
  // Fail on a bad zone when the source is made, not on its first read.
  zoneNamed(options.floatingTimeZone ?? DEFAULT_FLOATING_TIME_ZONE, 'floatingTimeZone');
  const readOptions: FeedReadOptions = {
    fetchImpl: options.fetchImpl ?? globalThis.fetch,
    maxBytes: options.maxBytes ?? DEFAULT_MAX_FEED_BYTES,
    timeoutMs: options.timeoutMs ?? DEFAULT_FEED_TIMEOUT_MS,
    ...(options.checkUrl ? { checkUrl: options.checkUrl } : {}),
  };
  const eventsIn = (bytes: Uint8Array, window: TimeWindow) => {
    const report = new ExpansionReport();
    const events = parseIcsEvents(bytes, window, { ...options, report });
    return { events, report };
  };

  return {
    async readChanges(cursor: string | null, window: TimeWindow): Promise<CalendarChanges> {
      const requested = windowMsOf(window);
      const previous = decodeCursor(cursor);
      // A previous snapshot only stands for this window if it covered all of it.
      const reusable = previous && covers(previous.covers, requested) ? previous : undefined;
      const read = await readFeed(location, reusable, readOptions);
      if (read.kind === 'not-modified') return { kind: 'unchanged', cursor };

      const sha256 = feedFingerprint(read.bytes);
      if (reusable?.sha256 === sha256) {
        // The same calendar under new validators (a touched file, a server without ETags, a
        // copy stamped afresh).
        return { kind: 'unchanged', cursor: encodeCursor({ ...reusable, ...read.validators }) };
      }
      const coverage = coverageFor(requested);
      const { events, report } = eventsIn(read.bytes, {
        from: new Date(coverage.fromMs).toISOString(),
        to: new Date(coverage.toMs).toISOString(),
      });
      const readUntil = report.readUntilMs;
      const reading = { warnings: report.lines(), ...(readUntil !== undefined ? { readUntil: new Date(readUntil).toISOString() } : {}) };
      return { kind: 'snapshot', events, cursor: encodeCursor({ v: 1, covers: coverage, sha256, ...read.validators }), reading };
    },

    async readBusy(window: TimeWindow) {
      const read = await readFeed(location, undefined, readOptions);
      if (read.kind === 'not-modified') throw new Error('an unconditional read cannot be not-modified');
      const { events, report } = eventsIn(read.bytes, window);
      const busy = busyIntervalsOf(events, windowMsOf(window), options.ownerEmails ?? []);
      // Past a series' cut its instances are unknown: busy, never free.
      const readUntil = report.readUntilMs;
      if (readUntil !== undefined && readUntil < Date.parse(window.to)) busy.push({ start: new Date(Math.max(readUntil, Date.parse(window.from))).toISOString(), end: window.to });
      return busy;
    },
  };
}
