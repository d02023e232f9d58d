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
