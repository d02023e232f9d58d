import ICAL from 'ical.js';
import { fastForwardStart } from './fast-forward.js';
import { overlapsWindow, startOf, type Occurrence, type Timeline, type WindowMs } from './timing.js';

/**
 * One recurring event (RFC 5545 §3.8.5: RRULE + RDATE − EXDATE) with its exception VEVENTs
 * (same UID + RECURRENCE-ID, §3.8.4.4) → its instances inside a window.
 *
 * ical.js generates the original start of each instance. We resolve each instance ourselves,
 * keyed by its original start as an instant, rather than through `Event#getOccurrenceDetails`,
 * because in ical.js 2.2.1: a RECURRENCE-ID matches only by wall-clock or UTC string (one
 * written in a third zone is missed); RANGE=THISANDFUTURE relabels zones instead of converting
 * them (a UTC RECURRENCE-ID shifts a London series by the wrong amount); and the EXDATE walk
 * skips an EXDATE that follows one matching no instance.
 */

export interface SeriesOptions {
  window: WindowMs;
  /** Instances generated per series before we stop reading it (a runaway rule cannot hang). */
  maxInstances: number;
}

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
): Occurrence[] {
  // Passing the exceptions explicitly stops ical.js from relating every RECURRENCE-ID VEVENT
  // of the calendar to this series; strictExceptions rejects one with another UID.
  const series = new ICAL.Event(master, { strictExceptions: true, exceptions: [...exceptions.values()] });
  const seriesZone = series.startDate.zone;
  const ranges = rangeExceptionsOf(exceptions, seriesZone);
  const excluded = excludedStartsOf(master, timeline, seriesZone);
  const masterLength = timeline.lengthOf(master);
  const { window } = options;

  const instanceAt = (originalStart: ICAL.Time, recurrenceIdMs: number): Occurrence => {
    const exception = exceptions.get(recurrenceIdMs);
    if (exception) return { ...timeline.ownTiming(exception, seriesZone), recurrenceIdMs };
    const range = ranges.findLast((candidate) => candidate.recurrenceIdMs <= recurrenceIdMs);
    if (range) return { ...shiftedByRange(range, originalStart, timeline, seriesZone), recurrenceIdMs };
    const endMs = timeline.endOf(originalStart, recurrenceIdMs, masterLength, seriesZone);
    return { source: master, startMs: recurrenceIdMs, endMs, allDay: originalStart.isDate, recurrenceIdMs };
  };

  // A THISANDFUTURE exception can move later instances earlier: read that much past the window.
  const shifts = ranges.map((range) => timeline.ownTiming(range.source, seriesZone).startMs - range.recurrenceIdMs);
  const earliestShiftMs = Math.min(0, ...shifts);
  const readUntilMs = window.toMs - earliestShiftMs;

  const occurrences: Occurrence[] = [];
  const seen = new Set<number>();
  const iterator = series.iterator(fastForwardStart(series, ranges, timeline, window.fromMs) ?? undefined);
  let generated = 0;
  for (let start = iterator.next(); start; start = iterator.next()) {
    if (++generated > options.maxInstances) break;
    const recurrenceIdMs = timeline.instantOf(start, seriesZone);
    if (recurrenceIdMs >= readUntilMs) break;
    // An RDATE equal to an RRULE instance is still one instance (§3.8.5.3).
    if (seen.has(recurrenceIdMs) || excluded(recurrenceIdMs, start)) continue;
    seen.add(recurrenceIdMs);
    const occurrence = instanceAt(start, recurrenceIdMs);
    if (overlapsWindow(occurrence, window)) occurrences.push(occurrence);
  }

  // Exceptions whose original instance we never generated (moved in from beyond the window,
  // skipped by fast-forward, or no longer produced by the rule) still happened as written.
  for (const [recurrenceIdMs, exception] of exceptions) {
    if (seen.has(recurrenceIdMs) || excluded(recurrenceIdMs)) continue;
    const occurrence = { ...timeline.ownTiming(exception, seriesZone), recurrenceIdMs };
    if (overlapsWindow(occurrence, window)) occurrences.push(occurrence);
  }
  return occurrences;
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

/** EXDATE (§3.8.5.1): by instant; a DATE EXDATE on a timed series removes that whole day. */
function excludedStartsOf(master: ICAL.Component, timeline: Timeline, seriesZone: ICAL.Timezone) {
  const instants = new Set<number>();
  const days = new Set<string>();
  for (const property of master.getAllProperties('exdate')) {
    for (const value of property.getValues() as ICAL.Time[]) {
      instants.add(timeline.instantOf(value, seriesZone));
      if (value.isDate) days.add(dayKey(value));
    }
  }
  return (startMs: number, start?: ICAL.Time): boolean =>
    instants.has(startMs) || (days.size > 0 && start !== undefined && !start.isDate && days.has(dayKey(start)));
}

function dayKey(time: ICAL.Time): string {
  return `${time.year}-${time.month}-${time.day}`;
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
