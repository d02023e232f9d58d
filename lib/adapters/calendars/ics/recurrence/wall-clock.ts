/**
 * Wall-clock date-times as plain numbers: the milliseconds `Date.UTC` gives for the reading, in
 * no zone at all. A recurrence rule speaks in the series' wall clock (a 09:00 meeting stays at
 * 09:00 across DST), so the engine does calendar arithmetic on these and the caller places
 * each result in the series' zone.
 */

export const SECOND_MS = 1_000;
export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

export interface Fields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

export function wallClock(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  return Date.UTC(year, month - 1, day, hour, minute, second);
}

export function fieldsOf(wall: number): Fields {
  const date = new Date(wall);
  return {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    hour: date.getUTCHours(),
    minute: date.getUTCMinutes(),
    second: date.getUTCSeconds(),
  };
}

/** Midnight of the day a reading falls on. */
export function dayOf(wall: number): number {
  return Math.floor(wall / DAY_MS) * DAY_MS;
}

/** 0 = Monday … 6 = Sunday. */
export function weekdayOf(wall: number): number {
  return (new Date(wall).getUTCDay() + 6) % 7;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function daysInYear(year: number): number {
  return (Date.UTC(year + 1, 0, 1) - Date.UTC(year, 0, 1)) / DAY_MS;
}

/** The first day of week 1 of a year: the week (starting on `wkst`) holding at least 4 of its days (RFC 5545 §3.3.10). */
function firstWeekStart(year: number, wkst: number): number {
  const fourth = Date.UTC(year, 0, 4);
  return fourth - ((weekdayOf(fourth) - wkst + 7) % 7) * DAY_MS;
}

/**
 * The week number of a day, both counted from the start (1…53) and from the end (−1…−53) of the
 * week-numbering year it belongs to, which may be the year before or after its calendar year.
 */
export function weekNumbersOf(day: number, wkst: number): [fromStart: number, fromEnd: number] {
  let year = new Date(day).getUTCFullYear();
  if (day >= firstWeekStart(year + 1, wkst)) year += 1;
  else if (day < firstWeekStart(year, wkst)) year -= 1;
  const start = firstWeekStart(year, wkst);
  const weeks = Math.round((firstWeekStart(year + 1, wkst) - start) / (7 * DAY_MS));
  const week = Math.floor((day - start) / (7 * DAY_MS)) + 1;
  return [week, week - weeks - 1];
}
