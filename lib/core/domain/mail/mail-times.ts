import { DateTime } from 'luxon';

/**
 * Times in an email, always with the zone named: a reader in another country must never have
 * to guess whose 10:30 it is. English labels, 24-hour clock: "Thu 10 Dec, 10:30 (Europe/London)".
 */
export function namedZoneTime(instant: string, zone: string): string {
  const local = DateTime.fromISO(instant, { zone: 'utc' }).setZone(zone).setLocale('en-GB');
  return `${local.toFormat('ccc d LLL, HH:mm')} (${zone})`;
}

/** A local date in words, e.g. "Thu 10 Dec". */
export function localDay(instant: string, zone: string): string {
  return DateTime.fromISO(instant, { zone: 'utc' }).setZone(zone).setLocale('en-GB').toFormat('ccc d LLL');
}

/** "Thu 26 Nov 10:30" in the zone: short, for subjects. */
export function shortWhen(start: string, zone: string): string {
  return DateTime.fromISO(start, { zone }).setLocale('en-GB').toFormat('ccc d LLL HH:mm');
}

/** "Thursday 26 November 2026, 10:30–11:00 (Europe/London)": whole, for bodies. */
export function longWhen(start: string, end: string, zone: string): string {
  const from = DateTime.fromISO(start, { zone }).setLocale('en-GB');
  const to = DateTime.fromISO(end, { zone }).setLocale('en-GB');
  return `${from.toFormat('cccc d LLLL yyyy, HH:mm')}–${to.toFormat('HH:mm')} (${zone})`;
}
