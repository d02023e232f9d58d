import { clockFace, INVALID_TIME, type ClockFace } from '../local-time.js';

/**
 * Times in an email, always with the zone named: a reader in another country must never have
 * to guess whose 10:30 it is. English labels, 24-hour clock: "Thu 10 Dec, 10:30 (Europe/London)".
 */
const LOCALE = 'en-GB';

function written(instant: string, zone: string, write: (face: ClockFace) => string): string {
  const face = clockFace(instant, zone, LOCALE);
  return face ? write(face) : INVALID_TIME;
}

export function namedZoneTime(instant: string, zone: string): string {
  return `${written(instant, zone, (t) => `${t.weekday('short')} ${t.day()} ${t.month('short')}, ${t.time()}`)} (${zone})`;
}

/** A local date in words, e.g. "Thu 10 Dec". */
export function localDay(instant: string, zone: string): string {
  return written(instant, zone, (t) => `${t.weekday('short')} ${t.day()} ${t.month('short')}`);
}

/** "Thu 26 Nov 10:30" in the zone: short, for subjects. */
export function shortWhen(start: string, zone: string): string {
  return written(start, zone, (t) => `${t.weekday('short')} ${t.day()} ${t.month('short')} ${t.time()}`);
}

/** "Thursday 26 November 2026, 10:30–11:00 (Europe/London)": whole, for bodies. */
export function longWhen(start: string, end: string, zone: string): string {
  const from = written(start, zone, (t) => `${t.weekday('long')} ${t.day()} ${t.month('long')} ${t.year()}, ${t.time()}`);
  return `${from}–${written(end, zone, (t) => t.time())} (${zone})`;
}
