import ICAL from 'ical.js';
import { parseRule, type Rule } from './recurrence/rule.js';
import { coarserThan } from './recurrence/by-parts.js';
import { mergeAscending } from './recurrence/recurrence-set.js';
import { StepBudget, ruleStarts, type RuleSeries } from './recurrence/rule-starts.js';
import { DAY_MS, fieldsOf } from './recurrence/wall-clock.js';
import { startOf, type InstanceLength, type Timeline } from './timing.js';

/**
 * A recurring VEVENT → the original starts of its instances, in order: DTSTART, every valid
 * RRULE's starts and every RDATE (RFC 5545 §3.8.5.3), as ical.js times in the series' zone with
 * their instants. Our engine (recurrence/) works in the series' wall clock; this file is where
 * wall-clock readings and ical.js times meet.
 */

export interface SeriesStart {
  time: ICAL.Time;
  ms: number;
  /** An RDATE given as a PERIOD lasts the period, not the master's length (§3.8.5.2). */
  length?: InstanceLength;
}

export interface SeriesStarts {
  /** The starts from about `fromMs` (earlier ones may be skipped when nothing counts them) up to `untilMs`. */
  read(fromMs: number, untilMs: number): Iterable<SeriesStart>;
  /** Whether the last `read` stopped because the step budget ran out. */
  readonly cutShort: boolean;
  /** Why RRULEs were skipped, as reasons for the event (`invalid: …`). */
  readonly warnings: readonly string[];
}

export function seriesStartsOf(master: ICAL.Component, timeline: Timeline, maxSteps: number): SeriesStarts {
  const start = startOf(master);
  const zone = start.zone;
  const timeAt = (wall: number, isDate = start.isDate): ICAL.Time => {
    const { year, month, day, hour, minute, second } = fieldsOf(wall);
    return ICAL.Time.fromData({ year, month, day, hour, minute, second, isDate }, zone);
  };
  const instantAt = (wall: number) => timeline.instantOf(timeAt(wall), zone);
  // Reading an instant on the wall clock needs the time of day, also for an all-day series.
  const timedInstantAt = (wall: number) => timeline.instantOf(timeAt(wall, false), zone);
  const series: RuleSeries = { start: wallOf(start), isDate: start.isDate, wallOfUtc: (ms) => wallAtInstant(ms, timedInstantAt) };
  const warnings: string[] = [];
  const rules = master.getAllProperties('rrule').flatMap((property) => {
    const reading = parseRule(ruleTextOf(property.jCal[3]));
    const reason = reading.ok ? unusableFor(reading.rule, start) : reading.reason;
    if (reason) warnings.push(`invalid: ${reason}`);
    return reason || !reading.ok ? [] : [reading.rule];
  });
  const extra = [{ time: start, ms: timeline.instantOf(start) }, ...recurrenceDatesOf(master, timeline, zone)];
  let budget = new StepBudget(maxSteps);

  return {
    warnings,
    get cutShort() {
      return budget.exhausted;
    },
    read(fromMs, untilMs) {
      budget = new StepBudget(maxSteps);
      const readOptions = { skipBefore: series.wallOfUtc(fromMs), notAfter: series.wallOfUtc(untilMs) + DAY_MS, budget };
      const streams = rules.map((rule) => withInstants(ruleStarts(rule, series, readOptions), timeAt, instantAt));
      return mergeAscending([extra, ...streams], (item) => item.ms);
    },
  };
}

function* withInstants(walls: Iterable<number>, timeAt: (wall: number) => ICAL.Time, instantAt: (wall: number) => number): Generator<SeriesStart> {
  for (const wall of walls) yield { time: timeAt(wall), ms: instantAt(wall) };
}

/** ical.js keeps a rule's parts as written (unknown ones too) in its jCal value; a string is a rule it could not read. */
function ruleTextOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (!value || typeof value !== 'object') return '';
  return Object.entries(value)
    .filter(([name, part]) => name !== '' || (part !== undefined && part !== ''))
    .map(([name, part]) => `${name.toUpperCase()}=${Array.isArray(part) ? part.join(',') : String(part)}`)
    .join(';');
}

function unusableFor(rule: Rule, start: ICAL.Time): string | undefined {
  if (start.isDate && !coarserThan(rule.freq, 'HOURLY')) return `RRULE FREQ=${rule.freq} needs a DTSTART with a time of day`;
  return undefined;
}

function recurrenceDatesOf(master: ICAL.Component, timeline: Timeline, zone: ICAL.Timezone | undefined): SeriesStart[] {
  const dates = master.getAllProperties('rdate').flatMap((property) => property.getValues() as (ICAL.Time | ICAL.Period)[]);
  return dates
    .map((value): SeriesStart => {
      if (!(value instanceof ICAL.Period)) return { time: value, ms: timeline.instantOf(value, zone) };
      const ms = timeline.instantOf(value.start, zone);
      return { time: value.start, ms, length: periodLength(value, ms, timeline, zone) };
    })
    .sort((a, b) => a.ms - b.ms);
}

function periodLength(period: ICAL.Period, startMs: number, timeline: Timeline, zone: ICAL.Timezone | undefined): InstanceLength {
  if (period.end) return { kind: 'exact', ms: Math.max(0, timeline.instantOf(period.end, zone) - startMs) };
  const duration = period.duration;
  const ms = ((duration.hours * 60 + duration.minutes) * 60 + duration.seconds) * 1000;
  return { kind: 'nominal', days: duration.weeks * 7 + duration.days, ms };
}

/** A time's wall-clock reading in its own zone. */
export function wallOf(time: ICAL.Time): number {
  return Date.UTC(time.year, time.month - 1, time.day, time.hour, time.minute, time.second);
}

/** The wall-clock reading that names an instant in the series' zone (two corrections settle any offset). */
function wallAtInstant(ms: number, instantAt: (wall: number) => number): number {
  let wall = ms;
  for (let round = 0; round < 2; round += 1) wall += ms - instantAt(wall);
  return wall;
}
