import type { TimeZone } from './zones.js';

/**
 * Local calendar dates: the days a person lives in, as plain year/month/day, with the date
 * arithmetic the slot finder walks them by. Reading a time on a date as an instant is zones.ts.
 */

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

/** The local calendar date of an instant. */
export function localDateAt(ms: number, zone: TimeZone): LocalDate {
  const wall = new Date(ms + zone.offset(ms) * MINUTE_MS);
  return { year: wall.getUTCFullYear(), month: wall.getUTCMonth() + 1, day: wall.getUTCDate() };
}

/** The date `days` calendar days later (proleptic Gregorian, no zone involved). */
export function addDays(date: LocalDate, days: number): LocalDate {
  const shifted = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
}

/** Calendar days from `a` to `b`. */
export function daysFrom(a: LocalDate, b: LocalDate): number {
  return Math.round((Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / DAY_MS);
}

/** 0 = Monday … 6 = Sunday, the order of WEEKDAYS. */
export function weekdayIndexOf(date: LocalDate): number {
  return (new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay() + 6) % 7;
}

/** `YYYY-MM-DD`. */
export function isoDateOf(date: LocalDate): string {
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  return `${pad(date.year, 4)}-${pad(date.month, 2)}-${pad(date.day, 2)}`;
}
