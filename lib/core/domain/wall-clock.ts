import { IANAZone } from 'luxon';

/**
 * Local wall-clock readings in an IANA zone ↔ instants, with the two DST decisions the slot
 * finder is built on (CALENDAR-FACTS "Time zones"):
 *
 * - A reading that happens twice (fall back: 01:00–02:00 in Europe/London on 2026-10-25) means
 *   its FIRST occurrence, as RFC 5545 §3.3.5 reads DTSTART. Note that luxon picks the second
 *   one, which is why we do not use `DateTime.fromObject` here.
 * - A reading that never happens (spring forward: 01:00–02:00 in Europe/London on 2027-03-28)
 *   does not exist. It is reported as such, with the instant the clock jumped over it: the
 *   first instant at which the clock shows that reading or later.
 *
 * Both rules come down to one definition: a reading resolves to the first instant at which
 * the local clock shows that reading or a later one. That instant grows with the reading, so
 * resolved times keep their order. Transitions are at whole minutes in the tz database for
 * every date we schedule, so instants are found to the minute.
 */

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

export interface ResolvedTime {
  /** False when the clock skipped this reading (a spring-forward gap). */
  exists: boolean;
  /** The first occurrence; for a skipped reading, the instant of the jump. */
  ms: number;
}

/** The zone, or a RangeError naming what carried the bad name. */
export function zoneNamed(timeZone: string, what = 'timeZone'): IANAZone {
  const zone = IANAZone.create(timeZone);
  if (!zone.isValid) throw new RangeError(`${what} "${timeZone}" is not an IANA time zone`);
  return zone;
}

export function resolveLocalTime(date: LocalDate, minuteOfDay: number, zone: IANAZone): ResolvedTime {
  const wallAsUtc = Date.UTC(date.year, date.month - 1, date.day, 0, minuteOfDay);
  // The offsets in force a day either side cover any one transition near this reading.
  const before = zone.offset(wallAsUtc - DAY_MS);
  const after = zone.offset(wallAsUtc + DAY_MS);
  const occurrences = [before, after]
    .map((offset) => wallAsUtc - offset * MINUTE_MS)
    .filter((ms) => ms + zone.offset(ms) * MINUTE_MS === wallAsUtc);
  if (occurrences.length > 0) return { exists: true, ms: Math.min(...occurrences) };
  // In a gap: read with the later offset the reading is before the jump, with the earlier after.
  return { exists: false, ms: firstInstantWithNewOffset(wallAsUtc - after * MINUTE_MS, wallAsUtc - before * MINUTE_MS, zone) };
}

/**
 * Resolves readings on one local date. Almost every date has one offset all day: then a
 * reading is plain arithmetic, with no time-zone lookup per reading (lookups are the slot
 * finder's main cost). The date counts as such when the offsets a day before its midnight and
 * two days after agree: the tz database has no zone that changes offset and back within three
 * days. Otherwise every reading goes through resolveLocalTime.
 */
export function localTimeResolver(date: LocalDate, zone: IANAZone): (minuteOfDay: number) => ResolvedTime {
  const midnightAsUtc = Date.UTC(date.year, date.month - 1, date.day);
  const before = offsetAt(zone, midnightAsUtc - DAY_MS);
  const after = offsetAt(zone, midnightAsUtc + 2 * DAY_MS);
  if (before !== after) return (minuteOfDay) => resolveLocalTime(date, minuteOfDay, zone);
  const base = midnightAsUtc - before * MINUTE_MS;
  return (minuteOfDay) => ({ exists: true, ms: base + minuteOfDay * MINUTE_MS });
}

/**
 * A zone's offset at an instant never changes (for a given tz database), and the resolver asks
 * for the same few instants per date again and again (every proposal of a run, every user in
 * the zone): remembered, so only the first asks Intl. Bounded, since keys are dates.
 */
const offsets = new Map<string, number>();
const MAX_REMEMBERED_OFFSETS = 50_000;

function offsetAt(zone: IANAZone, ms: number): number {
  const key = `${zone.name}|${ms}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    if (offsets.size >= MAX_REMEMBERED_OFFSETS) offsets.clear();
    offset = zone.offset(ms);
    offsets.set(key, offset);
  }
  return offset;
}

/** Binary search, to the minute, for the first instant in (lo, hi] whose offset differs from lo's. */
function firstInstantWithNewOffset(lo: number, hi: number, zone: IANAZone): number {
  const offsetAtLo = zone.offset(lo);
  while (hi - lo > MINUTE_MS) {
    const mid = lo + Math.floor((hi - lo) / MINUTE_MS / 2) * MINUTE_MS;
    if (zone.offset(mid) === offsetAtLo) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** The local calendar date of an instant. */
export function localDateAt(ms: number, zone: IANAZone): LocalDate {
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
