import { busyIntervalsOf, type BusyInterval, type TimeWindow } from '../core/domain/busy-time.js';
import type { CalendarEvent } from '../core/domain/event.js';
import type { StoredBusy } from '../core/ports/store.js';

/**
 * The busy index: each connection's busy time, written by the sync from the events it just
 * stored and read by booking pages and the proposer, so a page view costs one Query whatever
 * the size of the calendars behind it.
 */

/** Intervals kept per connection; past the last one kept, the calendar counts as busy (never free on a guess). */
export const MAX_BUSY_INTERVALS = 10_000;

/** `readUntil`: where the calendar read stopped (a series cut short); busy from there on. */
export function busyIndexOf(connectionId: string, events: readonly CalendarEvent[], ownerEmails: readonly string[], span: TimeWindow, now: string, readUntil?: string): StoredBusy {
  const intervals = busyIntervalsOf(events, { fromMs: Date.parse(span.from), toMs: Date.parse(span.to) }, ownerEmails);
  const kept = intervals.slice(0, MAX_BUSY_INTERVALS);
  const cuts = [intervals[MAX_BUSY_INTERVALS]?.start, readUntil].filter((at): at is string => at !== undefined).map((at) => new Date(Date.parse(at)).toISOString());
  const busyFrom = cuts.sort()[0];
  return { connectionId, from: span.from, to: span.to, intervals: kept, ...(busyFrom ? { busyFrom } : {}), updatedAt: now };
}

/** Whether the index says anything about all of `window`. */
export function indexCovers(index: StoredBusy, window: TimeWindow): boolean {
  return Date.parse(index.from) <= Date.parse(window.from) && Date.parse(index.to) >= Date.parse(window.to);
}

/** The index's busy time inside the window, with everything past a cut counted as busy. */
export function busyFromIndex(index: StoredBusy, window: TimeWindow): BusyInterval[] {
  const inside = index.intervals.filter((interval) => interval.start < window.to && interval.end > window.from);
  if (index.busyFrom !== undefined && index.busyFrom < window.to) inside.push({ start: index.busyFrom > window.from ? index.busyFrom : window.from, end: window.to });
  return inside;
}
