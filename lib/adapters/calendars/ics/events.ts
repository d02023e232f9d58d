import type { CalendarEvent } from '../../../core/domain/event.js';
import type { TimeWindow } from '../../../core/domain/busy-time.js';
import { expandCalendar } from './expand.js';
import { ExpansionReport } from './series.js';
import { parseCalendar } from './parse.js';
import type { WindowMs } from './timing.js';
import type ICAL from 'ical.js';
import { isValidTimeZone, zoneNamed } from '../../../core/domain/zones.js';

/** Floating times and all-day dates are read in UTC unless the caller knows the user's zone. */
export const DEFAULT_FLOATING_TIME_ZONE = 'UTC';
/** Instances read per recurring series before giving up on the rest of it. */
export const DEFAULT_MAX_INSTANCES_PER_SERIES = 5_000;

export interface IcsParseOptions {
  /** IANA zone for floating times (no TZID) and all-day dates when the calendar names none (X-WR-TIMEZONE). Default `UTC`. */
  floatingTimeZone?: string;
  /** Per-series cap on generated instances (periods before the window are skipped when COUNT does not need them). Default 5,000. */
  maxInstancesPerSeries?: number;
  /** When given, receives the series cut short by the cap (instances past `afterMs` unknown) and the rules skipped. */
  report?: ExpansionReport;
}

/**
 * ICS text (or raw bytes, preferred: folds that split a UTF-8 character are then restored) →
 * every event instance overlapping the window, sorted by start. Pure and synchronous. A file
 * that is not a calendar throws MalformedCalendar (with a line number); an event that cannot be
 * read is left out and said in `report` (`invalid: …`), so one bad event never refuses a file.
 */
export function parseIcsEvents(
  text: string | Uint8Array,
  window: TimeWindow,
  options: IcsParseOptions = {},
): CalendarEvent[] {
  const windowMs = windowMsOf(window);
  const parsed = parseCalendar(text, { detailsWithin: windowMs });
  const report = options.report ?? new ExpansionReport();
  report.calendarWarnings.push(...parsed.warnings);
  for (const bad of parsed.invalid) report.warnings.push({ uid: bad.uid ?? `(event on line ${bad.line})`, reason: bad.reason });
  const floating = zoneNamed(floatingZoneOf(parsed.root) ?? options.floatingTimeZone ?? DEFAULT_FLOATING_TIME_ZONE, 'floatingTimeZone');
  const maxInstancesPerSeries = options.maxInstancesPerSeries ?? DEFAULT_MAX_INSTANCES_PER_SERIES;
  return expandCalendar(parsed, {
    window: windowMs,
    floating,
    maxInstancesPerSeries,
    report,
  });
}

/**
 * The calendar's own zone for floating times and all-day dates: Google's and Apple's exports
 * name it in X-WR-TIMEZONE (a floating time means local time, RFC 5545 §3.3.5 form 1). Only
 * an IANA name counts; anything else falls back to the caller's zone (the user's).
 */
function floatingZoneOf(root: ICAL.Component): string | undefined {
  const named = root.getFirstPropertyValue('x-wr-timezone');
  const zone = typeof named === 'string' ? named.trim() : '';
  return zone && isValidTimeZone(zone) ? zone : undefined;
}

/** Window bounds must be absolute instants; a zone-less ISO string would depend on the machine's zone. */
export function windowMsOf(window: TimeWindow): WindowMs {
  const instant = (value: string, bound: string): number => {
    const ms = Date.parse(value);
    if (Number.isNaN(ms) || !/(Z|[+-]\d{2}:?\d{2})$/i.test(value)) {
      throw new RangeError(`window.${bound} "${value}" is not an ISO instant with a zone (e.g. 2026-11-23T12:00:00Z)`);
    }
    return ms;
  };
  return { fromMs: instant(window.from, 'from'), toMs: instant(window.to, 'to') };
}
