import { clockFace, instantMsOf, INVALID_TIME, isoDateOfReading, plusLocalDays, readingOf, withReading, zonedInstant } from './local-time.js';
import { resolveLocalTime, zoneIfValid, zoneNamed } from './zones.js';

/**
 * Conversions between instants (ISO UTC) and a person's wall-clock dates in their IANA zone.
 * Pure: the current time is always passed in.
 */

/**
 * The instant a local calendar date (YYYY-MM-DD) starts in `zone`: its first instant (where
 * the clock skips midnight, the jump). Null for an invalid date or zone.
 */
export function startOfLocalDate(date: string, zone: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const timeZone = zoneIfValid(zone);
  if (!match || !timeZone) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const asUtc = new Date(Date.UTC(year, month - 1, day));
  if (asUtc.getUTCMonth() !== month - 1 || asUtc.getUTCDate() !== day) return null;
  return new Date(resolveLocalTime({ year, month, day }, 0, timeZone).ms).toISOString();
}

/** The local calendar date (YYYY-MM-DD) of an instant in `zone`. */
export function localDateOf(instant: string, zone: string): string {
  const face = clockFace(instant, zone);
  return face ? isoDateOfReading(face.reading) : instant.slice(0, 10);
}

/** A short human rendering of an instant in `zone`, e.g. "Tue 3 Nov 2026, 09:00". */
export function formatLocal(instant: string, zone: string): string {
  const face = clockFace(instant, zone);
  return face ? `${face.weekday('short')} ${face.day()} ${face.month('short')} ${face.year()}, ${face.time()}` : INVALID_TIME;
}

export function formatLocalDate(instant: string, zone: string): string {
  const face = clockFace(instant, zone);
  return face ? `${face.weekday('short')} ${face.day()} ${face.month('short')} ${face.year()}` : INVALID_TIME;
}

/** Monday 00:00 after `now`'s week (weeks start on Monday) in `zone`, as an ISO instant: where "this week" ends. */
export function startOfNextLocalWeek(now: string, zone: string): string {
  const timeZone = zoneNamed(zone);
  const aWeekLater = plusLocalDays(zonedInstant(instantMsOf(now), timeZone), 7, timeZone);
  const { day, weekday } = readingOf(aWeekLater);
  const monday = withReading(aWeekLater, { day: day - (weekday - 1), hour: 0, minute: 0, second: 0, millisecond: 0 }, timeZone);
  return new Date(monday.ms).toISOString();
}

/** Whole days from `from` to `to` (negative when `to` is earlier), rounded towards zero. */
export function daysBetween(from: string, to: string): number {
  return Math.trunc((Date.parse(to) - Date.parse(from)) / 86_400_000);
}
