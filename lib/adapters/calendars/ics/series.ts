import ICAL from 'ical.js';
import { exceptionMatcher, excludedStartsOf } from './series-matching.js';
import { seriesStartsOf, type SeriesStart } from './series-starts.js';
import { overlapsWindow, startOf, type InstanceLength, type Occurrence, type Timeline, type WindowMs } from './timing.js';

/**
 * One recurring event (RFC 5545 §3.8.5: RRULE + RDATE − EXDATE) with its exception VEVENTs
 * (same UID + RECURRENCE-ID, §3.8.4.4) → its instances inside a window, and what could not be
 * read. Starts come from our own recurrence engine (series-starts.ts); exceptions, EXDATEs and
 * RANGE=THISANDFUTURE are resolved here, keyed by each instance's original start as an instant,
 * because ical.js 2.2.1 misses RECURRENCE-IDs written in a third zone, relabels zones under
 * THISANDFUTURE instead of converting them, and skips EXDATEs after one matching no instance.
 */

export interface SeriesOptions {
  window: WindowMs;
  /** Instances generated per series before we stop reading it. */
  maxInstances: number;
  /** Engine steps per series before we stop reading it (a rule that never matches cannot hang). */
  maxSteps?: number;
}

export interface SeriesExpansion {
  occurrences: Occurrence[];
  /** Set when the series was cut short: instances with an original start after this instant were not read. */
  truncatedAfterMs?: number;
  /** What was skipped and why: `invalid: RRULE has an unknown part UNTL`, `dropped: …`. */
  warnings: string[];
}

/** What the caller needs to say about a calendar's series: which were cut short, and what was skipped. */
export class ExpansionReport {
  /** Series read only up to `afterMs` (an original start, epoch ms): later instances are unknown, not absent. */
  readonly truncated: { uid: string; afterMs: number }[] = [];
  /** Reasons given per event: `invalid: RRULE has an unknown part UNTL`, `dropped: the exception for …`. */
  readonly warnings: { uid: string; reason: string }[] = [];

  /** Said of the calendar as a whole (components skipped while parsing). */
  readonly calendarWarnings: string[] = [];

  add(uid: string, series: Pick<SeriesExpansion, 'truncatedAfterMs' | 'warnings'>): void {
    if (series.truncatedAfterMs !== undefined) this.truncated.push({ uid, afterMs: series.truncatedAfterMs });
    for (const reason of series.warnings) this.warnings.push({ uid, reason });
  }

  /** The earliest cut, epoch ms: from there on the calendar was not read whole. */
  get readUntilMs(): number | undefined {
    return this.truncated.length ? Math.min(...this.truncated.map((t) => t.afterMs)) : undefined;
  }

  /** Everything in words, for a person: at most `limit` lines, the count of the rest after. */
  lines(limit = 20): string[] {
    const all = [
      ...this.calendarWarnings,
      ...this.truncated.map((t) => `${t.uid}: the series repeats too often to read whole; read up to ${new Date(t.afterMs).toISOString()}, busy after that`),
      ...this.warnings.map((w) => `${w.uid}: ${w.reason}`),
    ];
    return all.length > limit ? [...all.slice(0, limit), `and ${all.length - limit} more`] : all;
  }
}

export const DEFAULT_MAX_STEPS_PER_SERIES = 200_000;
const DAY_MS = 86_400_000;

interface RangeException {
  source: ICAL.Component;
  recurrenceIdMs: number;
  /** RECURRENCE-ID expressed in the series' zone, to measure how far later instances are from it. */
  recurrenceId: ICAL.Time;
}

export function expandSeries(
  master: ICAL.Component,
  exceptions: ReadonlyMap<number, ICAL.Component>,
  timeline: Timeline,
  options: SeriesOptions,
): SeriesExpansion {
  const seriesStart = startOf(master);
  const seriesZone = seriesStart.zone;
  const ranges = rangeExceptionsOf(exceptions, seriesZone);
  const excluded = excludedStartsOf(master, timeline, seriesZone, seriesStart.isDate);
  const exceptionFor = exceptionMatcher(exceptions, seriesStart.isDate);
  const masterLength = timeline.lengthOf(master);
  const starts = seriesStartsOf(master, timeline, options.maxSteps ?? DEFAULT_MAX_STEPS_PER_SERIES);
  const warnings = [...starts.warnings];
  const { window } = options;

  const instanceAt = ({ time, ms, length }: SeriesStart, exception: ICAL.Component | undefined): Occurrence => {
    if (exception) return { ...timeline.ownTiming(exception, seriesZone), recurrenceIdMs: ms };
    const range = ranges.findLast((candidate) => candidate.recurrenceIdMs <= ms);
    if (range) return { ...shiftedByRange(range, time, timeline, seriesZone), recurrenceIdMs: ms };
    const endMs = timeline.endOf(time, ms, length ?? masterLength, seriesZone);
    return { source: master, startMs: ms, endMs, allDay: time.isDate, recurrenceIdMs: ms };
  };

  // Exceptions can move instances earlier or later: read that much around the window.
  const sources = [master, ...ranges.map((range) => range.source)];
  const shifts = ranges.map((range) => timeline.ownTiming(range.source, seriesZone).startMs - range.recurrenceIdMs);
  const readFromMs = window.fromMs - Math.max(...sources.map((source) => upperBoundMs(timeline.lengthOf(source)))) - Math.max(0, ...shifts) - 7 * DAY_MS;
  const readUntilMs = window.toMs - Math.min(0, ...shifts);

  const occurrences: Occurrence[] = [];
  const seen = new Set<number>();
  const used = new Set<ICAL.Component>();
  let generated = 0;
  let truncatedAfterMs: number | undefined;
  let lastMs: number | undefined;
  for (const start of starts.read(readFromMs, readUntilMs)) {
    if (start.ms >= readUntilMs) break;
    // An RDATE equal to an RRULE instance is still one instance (§3.8.5.3).
    if (seen.has(start.ms)) continue;
    if (++generated > options.maxInstances) {
      truncatedAfterMs = lastMs ?? start.ms;
      break;
    }
    lastMs = start.ms;
    seen.add(start.ms);
    if (excluded(start.ms, start.time)) continue;
    const exception = exceptionFor(start);
    if (exception) used.add(exception);
    const occurrence = instanceAt(start, exception);
    if (overlapsWindow(occurrence, window)) occurrences.push(occurrence);
  }
  if (truncatedAfterMs === undefined && starts.cutShort) truncatedAfterMs = lastMs ?? readFromMs;

  // Exceptions whose original instance we did not read (moved in from beyond the window) still
  // happened as written, but only if the series still has that instance: one left behind by a
  // shortened UNTIL or an older SEQUENCE of the rule describes a meeting that no longer exists.
  for (const [recurrenceIdMs, exception] of exceptions) {
    if (used.has(exception) || seen.has(recurrenceIdMs) || excluded(recurrenceIdMs)) continue;
    const occurrence = { ...timeline.ownTiming(exception, seriesZone), recurrenceIdMs };
    if (!overlapsWindow(occurrence, window)) continue;
    if (generatesInstance(starts, recurrenceIdMs, exceptionFor, exception)) occurrences.push(occurrence);
    else warnings.push(`dropped: the exception for ${new Date(recurrenceIdMs).toISOString()} ${whyOrphaned(master, exception)}`);
  }
  return { occurrences, warnings, ...(truncatedAfterMs === undefined ? {} : { truncatedAfterMs }) };
}

/** Whether the series generates the instance an exception replaces; when the engine cannot tell, we keep it. */
function generatesInstance(
  starts: ReturnType<typeof seriesStartsOf>,
  recurrenceIdMs: number,
  exceptionFor: (start: SeriesStart) => ICAL.Component | undefined,
  exception: ICAL.Component,
): boolean {
  for (const start of starts.read(recurrenceIdMs - 2 * DAY_MS, recurrenceIdMs + 2 * DAY_MS)) {
    if (start.ms === recurrenceIdMs || exceptionFor(start) === exception) return true;
    if (start.ms > recurrenceIdMs + DAY_MS) return false;
  }
  return starts.cutShort;
}

function whyOrphaned(master: ICAL.Component, exception: ICAL.Component): string {
  const sequence = (event: ICAL.Component) => Number(event.getFirstPropertyValue('sequence') ?? 0) || 0;
  if (sequence(exception) < sequence(master)) {
    return `is for an instance the series no longer has (its SEQUENCE ${sequence(exception)} is older than the series' ${sequence(master)})`;
  }
  return 'is for an instance the series does not have (beyond its UNTIL or COUNT, or not on its rule)';
}

function rangeExceptionsOf(exceptions: ReadonlyMap<number, ICAL.Component>, seriesZone: ICAL.Timezone): RangeException[] {
  const ranges: RangeException[] = [];
  for (const [recurrenceIdMs, source] of exceptions) {
    const property = source.getFirstProperty('recurrence-id');
    if (String(property?.getParameter('range') ?? '').toUpperCase() !== 'THISANDFUTURE') continue;
    ranges.push({ source, recurrenceIdMs, recurrenceId: inZone(property?.getFirstValue() as ICAL.Time, seriesZone) });
  }
  return ranges.sort((a, b) => a.recurrenceIdMs - b.recurrenceIdMs);
}

/**
 * RANGE=THISANDFUTURE (RFC 5545 §3.2.13): an instance after the exception takes the exception's
 * properties and duration, and starts as far from the exception's start as its own original
 * start is from the exception's RECURRENCE-ID (measured in wall-clock time, so a series moved
 * from 09:00 to 10:00 stays at 10:00 across a DST change).
 */
function shiftedByRange(
  range: RangeException,
  originalStart: ICAL.Time,
  timeline: Timeline,
  seriesZone: ICAL.Timezone,
): Omit<Occurrence, 'recurrenceIdMs'> {
  const distance = originalStart.subtractDate(range.recurrenceId);
  const start = startOf(range.source).clone();
  start.addDuration(distance);
  const startMs = timeline.instantOf(start, seriesZone);
  const endMs = timeline.endOf(start, startMs, timeline.lengthOf(range.source), seriesZone);
  return { source: range.source, startMs, endMs, allDay: start.isDate };
}

/** A length in milliseconds that is never shorter than the real one (DST adds at most a day). */
function upperBoundMs(length: InstanceLength): number {
  if (length.kind === 'exact') return length.ms;
  return (length.days + 1) * DAY_MS + (length.kind === 'nominal' ? length.ms : 0);
}

function inZone(time: ICAL.Time, zone: ICAL.Timezone): ICAL.Time {
  const local = ICAL.Timezone.localTimezone;
  if (time.isDate || zone === local) return time.clone();
  if (time.zone === local) {
    const placed = time.clone();
    placed.zone = zone;
    return placed;
  }
  return time.convertToZone(zone);
}
