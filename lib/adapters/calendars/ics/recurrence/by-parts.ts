import type { Frequency, Rule } from './rule.js';
import { DAY_MS, daysInMonth, daysInYear, fieldsOf, weekNumbersOf, weekdayOf } from './wall-clock.js';

/**
 * The BYxxx parts of one period (RFC 5545 §3.3.10, the table of "expand" and "limit"). Every
 * day of the period is tested against the day-level parts together, which gives each of the
 * table's cells at once: for a YEARLY rule BYMONTH and BYDAY expand (every day of those months
 * that is that weekday), for a DAILY one they limit (this day, if it is one). Days that do not
 * exist (30 February) are never candidates, so they are skipped as the RFC requires.
 */

/** The parts a rule takes from DTSTART when it does not say them (RFC 5545 §3.3.10, note on defaults). */
export function withDefaults(rule: Rule, start: number): Rule {
  const { month, day, hour, minute, second } = fieldsOf(start);
  const filled = { ...rule };
  const saysDay = rule.byWeekNo.length + rule.byYearDay.length + rule.byMonthDay.length + rule.byDay.length > 0;
  if (!saysDay && rule.freq === 'YEARLY') {
    filled.byMonthDay = [day];
    if (rule.byMonth.length === 0) filled.byMonth = [month];
  }
  if (!saysDay && rule.freq === 'MONTHLY') filled.byMonthDay = [day];
  if (!saysDay && rule.freq === 'WEEKLY') filled.byDay = [{ weekday: weekdayOf(start) }];
  // Finer parts expand from the period's own value when the rule is coarser than them.
  if (coarserThan(rule.freq, 'HOURLY') && rule.byHour.length === 0) filled.byHour = [hour];
  if (coarserThan(rule.freq, 'MINUTELY') && rule.byMinute.length === 0) filled.byMinute = [minute];
  if (coarserThan(rule.freq, 'SECONDLY') && rule.bySecond.length === 0) filled.bySecond = [second];
  return filled;
}

const ORDER: readonly Frequency[] = ['SECONDLY', 'MINUTELY', 'HOURLY', 'DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'];

export function coarserThan(freq: Frequency, than: Frequency): boolean {
  return ORDER.indexOf(freq) > ORDER.indexOf(than);
}

/** Whether a day (midnight wall-clock) passes the rule's day-level parts. */
export function dayMatches(rule: Rule, day: number): boolean {
  const { year, month, day: date } = fieldsOf(day);
  if (rule.byMonth.length > 0 && !rule.byMonth.includes(month)) return false;
  if (rule.byWeekNo.length > 0) {
    const [week, fromEnd] = weekNumbersOf(day, rule.wkst);
    if (!rule.byWeekNo.includes(week) && !rule.byWeekNo.includes(fromEnd)) return false;
  }
  if (rule.byYearDay.length > 0) {
    const yearDay = (day - Date.UTC(year, 0, 1)) / DAY_MS + 1;
    if (!rule.byYearDay.includes(yearDay) && !rule.byYearDay.includes(yearDay - daysInYear(year) - 1)) return false;
  }
  if (rule.byMonthDay.length > 0) {
    if (!rule.byMonthDay.includes(date) && !rule.byMonthDay.includes(date - daysInMonth(year, month) - 1)) return false;
  }
  return rule.byDay.length === 0 || rule.byDay.some((weekdayNum) => weekdayMatches(rule, day, weekdayNum));
}

function weekdayMatches(rule: Rule, day: number, { weekday, nth }: { weekday: number; nth?: number }): boolean {
  if (weekdayOf(day) !== weekday) return false;
  if (nth === undefined) return true;
  // "2MO" counts within the month for MONTHLY rules and YEARLY ones with BYMONTH, else within the year.
  const { year, month, day: date } = fieldsOf(day);
  const inMonth = rule.freq === 'MONTHLY' || rule.byMonth.length > 0;
  const position = inMonth ? date : (day - Date.UTC(year, 0, 1)) / DAY_MS + 1;
  const length = inMonth ? daysInMonth(year, month) : daysInYear(year);
  return nth > 0 ? Math.ceil(position / 7) === nth : -Math.ceil((length - position + 1) / 7) === nth;
}

/** BYSETPOS: the nth candidates of the whole period, in order (negative: from the end). */
export function selectBySetPos(candidates: readonly number[], bySetPos: readonly number[]): number[] {
  if (bySetPos.length === 0) return [...candidates];
  const picked = bySetPos
    .map((position) => candidates[position > 0 ? position - 1 : candidates.length + position])
    .filter((candidate): candidate is number => candidate !== undefined);
  return [...new Set(picked)].sort((a, b) => a - b);
}
