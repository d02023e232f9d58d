import { coarserThan, dayMatches, selectBySetPos, withDefaults } from './by-parts.js';
import type { Rule } from './rule.js';
import { DAY_MS, HOUR_MS, MINUTE_MS, SECOND_MS, dayOf, daysInMonth, daysInYear, fieldsOf, weekdayOf } from './wall-clock.js';

/**
 * One RRULE → the wall-clock starts it generates, in order: DTSTART first (it always counts,
 * RFC 5545 §3.8.5.3), then period by period (a year, a month, a week, a day, an hour…), each
 * period's candidates narrowed by the BYxxx parts and BYSETPOS, until COUNT, UNTIL or the end
 * of what the caller needs. Every period and every candidate spends one step of a shared
 * budget, so no rule can loop forever, not even one that never matches (BYMONTHDAY=30 in
 * February only).
 */

export class StepBudget {
  constructor(private remaining: number) {}

  spend(steps = 1): boolean {
    this.remaining -= steps;
    return this.remaining >= 0;
  }

  get exhausted(): boolean {
    return this.remaining < 0;
  }
}

export interface RuleSeries {
  /** DTSTART as a wall-clock reading in the series' zone. */
  start: number;
  /** An all-day series: candidates are dates only. */
  isDate: boolean;
  /** The series' wall-clock reading of a UTC instant, to compare a UTC UNTIL. */
  wallOfUtc(utcMs: number): number;
}

export interface ReadOptions {
  /** Stop once a period starts after this wall-clock reading. */
  notAfter: number;
  /** Start near this reading when COUNT does not need the earlier periods. */
  skipBefore?: number;
  budget: StepBudget;
}

interface Period {
  from: number;
  /** Days in the period (day-level frequencies), or absent for one sub-daily step. */
  days?: number;
}

const YEAR_LIMIT = 9999;

export function* ruleStarts(rule: Rule, series: RuleSeries, options: ReadOptions): Generator<number> {
  const until = untilOf(rule, series);
  if (until !== undefined && series.start > until) return;
  yield series.start;
  let emitted = 1;
  for (const candidates of periodsOf(withDefaults(rule, series.start), series, options)) {
    for (const candidate of candidates) {
      if (candidate <= series.start) continue;
      if (until !== undefined && candidate > until) return;
      if (rule.count !== undefined && emitted >= rule.count) return;
      yield candidate;
      emitted += 1;
    }
  }
}

/** UNTIL is inclusive; a date UNTIL on a timed series includes that whole day. */
function untilOf(rule: Rule, series: RuleSeries): number | undefined {
  const { until } = rule;
  if (!until) return undefined;
  if (until.isDate) return series.isDate ? until.wall : until.wall + DAY_MS - SECOND_MS;
  const wall = until.utc ? series.wallOfUtc(until.wall) : until.wall;
  return series.isDate ? dayOf(wall) : wall;
}

function* periodsOf(rule: Rule, series: RuleSeries, options: ReadOptions): Generator<number[]> {
  const { budget, notAfter } = options;
  const dayLevel = coarserThan(rule.freq, 'HOURLY');
  let index = rule.count === undefined && options.skipBefore !== undefined && dayLevel
    ? firstUsefulIndex(rule, series.start, options.skipBefore)
    : 0;
  while (budget.spend()) {
    const period = periodAt(rule, series.start, index);
    if (period.from > notAfter || fieldsOf(period.from).year > YEAR_LIMIT) return;
    if (period.days !== undefined) {
      yield selectBySetPos(candidatesOfDays(rule, series, period.from, period.days, budget), rule.bySetPos);
      index += 1;
    } else {
      const skipTo = limitFailure(rule, period.from);
      if (skipTo === undefined) yield selectBySetPos(candidatesOfStep(rule, period.from), rule.bySetPos);
      index = skipTo === undefined ? index + 1 : Math.max(index + 1, Math.ceil((skipTo - series.start) / stepMs(rule)));
    }
  }
}

function periodAt(rule: Rule, start: number, index: number): Period {
  const step = index * rule.interval;
  const { year, month } = fieldsOf(start);
  switch (rule.freq) {
    case 'YEARLY':
      return { from: Date.UTC(year + step, 0, 1), days: daysInYear(year + step) };
    case 'MONTHLY': {
      const from = Date.UTC(year, month - 1 + step, 1);
      const { year: y, month: m } = fieldsOf(from);
      return { from, days: daysInMonth(y, m) };
    }
    case 'WEEKLY':
      return { from: weekStartOf(start, rule.wkst) + step * 7 * DAY_MS, days: 7 };
    case 'DAILY':
      return { from: dayOf(start) + step * DAY_MS, days: 1 };
    default:
      return { from: start + index * stepMs(rule) };
  }
}

function weekStartOf(wall: number, wkst: number): number {
  return dayOf(wall) - ((weekdayOf(wall) - wkst + 7) % 7) * DAY_MS;
}

function stepMs(rule: Rule): number {
  const unit = rule.freq === 'HOURLY' ? HOUR_MS : rule.freq === 'MINUTELY' ? MINUTE_MS : SECOND_MS;
  return unit * rule.interval;
}

/** The period before the one holding `skipBefore`: later periods repeat the same BYxxx pattern. */
function firstUsefulIndex(rule: Rule, start: number, skipBefore: number): number {
  if (skipBefore <= start) return 0;
  const from = fieldsOf(start);
  const to = fieldsOf(skipBefore);
  const distance =
    rule.freq === 'YEARLY' ? to.year - from.year
    : rule.freq === 'MONTHLY' ? (to.year - from.year) * 12 + to.month - from.month
    : rule.freq === 'WEEKLY' ? (skipBefore - weekStartOf(start, rule.wkst)) / (7 * DAY_MS)
    : (skipBefore - dayOf(start)) / DAY_MS;
  return Math.max(0, Math.floor(distance / rule.interval) - 1);
}

function candidatesOfDays(rule: Rule, series: RuleSeries, from: number, days: number, budget: StepBudget): number[] {
  const candidates: number[] = [];
  for (let day = from; day < from + days * DAY_MS; day += DAY_MS) {
    if (!budget.spend() || !dayMatches(rule, day)) continue;
    if (series.isDate) {
      candidates.push(day);
      continue;
    }
    for (const time of timesOf(rule.byHour, rule.byMinute, rule.bySecond)) {
      if (!budget.spend()) return candidates;
      candidates.push(day + time);
    }
  }
  return candidates;
}

/** A sub-daily step: where to jump when a limiting part rules out its whole day, hour or minute. */
function limitFailure(rule: Rule, at: number): number | undefined {
  const { hour, minute, second } = fieldsOf(at);
  const day = dayOf(at);
  if (!dayMatches(rule, day)) return day + DAY_MS;
  if (rule.byHour.length > 0 && !rule.byHour.includes(hour)) return day + (hour + 1) * HOUR_MS;
  if (rule.freq !== 'HOURLY' && rule.byMinute.length > 0 && !rule.byMinute.includes(minute)) {
    return day + hour * HOUR_MS + (minute + 1) * MINUTE_MS;
  }
  if (rule.freq === 'SECONDLY' && rule.bySecond.length > 0 && !rule.bySecond.includes(second)) return at + SECOND_MS;
  return undefined;
}

/** A sub-daily step expands by the parts finer than its frequency (HOURLY: BYMINUTE, BYSECOND). */
function candidatesOfStep(rule: Rule, at: number): number[] {
  const { hour, minute, second } = fieldsOf(at);
  const minutes = rule.freq === 'HOURLY' ? rule.byMinute : [minute];
  const seconds = rule.freq === 'SECONDLY' ? [second] : rule.bySecond;
  return timesOf([hour], minutes, seconds).map((time) => dayOf(at) + time);
}

function timesOf(hours: readonly number[], minutes: readonly number[], seconds: readonly number[]): number[] {
  const times: number[] = [];
  for (const hour of hours) {
    for (const minute of minutes) {
      // A leap second (60) names no wall-clock time we can place: skipped like 30 February.
      for (const second of seconds) if (second < 60) times.push(hour * HOUR_MS + minute * MINUTE_MS + second * SECOND_MS);
    }
  }
  return times;
}
