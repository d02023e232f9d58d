import { DateTime } from 'luxon';

/**
 * Conversions between instants (ISO UTC) and a person's wall-clock dates in their IANA zone.
 * Pure: luxon does arithmetic only, the current time is always passed in.
 */

/** The instant a local calendar date (YYYY-MM-DD) starts in `zone`. Null for an invalid date. */
export function startOfLocalDate(date: string, zone: string): string | null {
  const local = DateTime.fromISO(date, { zone });
  if (!local.isValid || !/^\d{4}-\d{2}-\d{2}$/.test(date)) return null;
  return local.startOf('day').toUTC().toISO();
}

/** The local calendar date (YYYY-MM-DD) of an instant in `zone`. */
export function localDateOf(instant: string, zone: string): string {
  return DateTime.fromISO(instant, { zone: 'utc' }).setZone(zone).toISODate() ?? instant.slice(0, 10);
}

/** A short human rendering of an instant in `zone`, e.g. "Tue 3 Nov 2026, 09:00". */
export function formatLocal(instant: string, zone: string): string {
  return DateTime.fromISO(instant, { zone: 'utc' }).setZone(zone).toFormat('ccc d LLL yyyy, HH:mm');
}

export function formatLocalDate(instant: string, zone: string): string {
  return DateTime.fromISO(instant, { zone: 'utc' }).setZone(zone).toFormat('ccc d LLL yyyy');
}

/** Whole days from `from` to `to` (negative when `to` is earlier), rounded towards zero. */
export function daysBetween(from: string, to: string): number {
  return Math.trunc((Date.parse(to) - Date.parse(from)) / 86_400_000);
}
