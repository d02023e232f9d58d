import type ICAL from 'ical.js';
import type { InstanceLength, Timeline } from './timing.js';

/**
 * Where to start reading a long-running series so a daily stand-up that began years ago does
 * not spend the per-series instance cap (and ~15 µs per ical.js step) before the window.
 *
 * Only DAILY and WEEKLY rules without COUNT are moved: for them, starting whole INTERVALs later
 * yields exactly the same later instances (the BYxxx filters repeat every interval, WKST-based
 * weeks stay aligned). COUNT depends on the real first instance, and MONTHLY/YEARLY starts
 * cannot be moved safely (day 31 or Feb 29 would change the set). The moved start is kept far
 * enough before the window that the instance ical.js always yields at its start, and any
 * instance still overlapping the window, are unaffected.
 */

const DAY_MS = 86_400_000;
const DAYS_PER_PERIOD: Readonly<Partial<Record<string, number>>> = { DAILY: 1, WEEKLY: 7 };

export interface MovableRange {
  source: ICAL.Component;
  recurrenceIdMs: number;
}

export function fastForwardStart(
  series: ICAL.Event,
  ranges: readonly MovableRange[],
  timeline: Timeline,
  windowFromMs: number,
): ICAL.Time | undefined {
  const rules = series.component.getAllProperties('rrule');
  const rule = rules.length === 1 ? (rules[0]?.getFirstValue() as ICAL.Recur) : undefined;
  const periodDays = rule?.freq ? DAYS_PER_PERIOD[rule.freq] : undefined;
  if (!rule || !periodDays || rule.count) return undefined;

  const stepDays = periodDays * (rule.interval || 1);
  const start = series.startDate;
  const startMs = timeline.instantOf(start);
  const sources = [series.component, ...ranges.map((range) => range.source)];
  const longestMs = Math.max(...sources.map((source) => upperBoundMs(timeline.lengthOf(source))));
  const latestShiftMs = Math.max(
    0,
    ...ranges.map((range) => timeline.ownTiming(range.source).startMs - range.recurrenceIdMs),
  );
  const marginMs = longestMs + latestShiftMs + 7 * DAY_MS;
  const steps = Math.floor((windowFromMs - marginMs - startMs) / (stepDays * DAY_MS));
  if (steps <= 0) return undefined;

  const moved = start.clone();
  moved.adjust(steps * stepDays, 0, 0, 0);
  return moved;
}

/** A length in milliseconds that is never shorter than the real one (DST adds at most a day). */
function upperBoundMs(length: InstanceLength): number {
  if (length.kind === 'exact') return length.ms;
  return (length.days + 1) * DAY_MS + (length.kind === 'nominal' ? length.ms : 0);
}
