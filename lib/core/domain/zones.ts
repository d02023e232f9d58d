import { IANAZone } from 'luxon';
import type { LocalDate } from './local-dates.js';

/**
 * IANA time zones: looking one up, checking a name, and reading a local wall-clock time as an
 * instant across DST changes (CALENDAR-FACTS "Time zones"). Every part of Rapport that turns
 * a local reading into an instant goes through here, so a DST decision is made once.
 *
 * - A reading that happens twice (fall back: 01:00–02:00 in Europe/London on 2026-10-25) means
 *   its FIRST occurrence, as RFC 5545 §3.3.5 reads DTSTART. Note that luxon picks the second
 *   one, which is why we do not use `DateTime.fromObject` here.
 * - A reading that never happens (spring forward: 01:00–02:00 in Europe/London on 2027-03-28)
 *   has two readings, one per use:
 *   - scheduling (resolveLocalTime): it does not exist. It is reported as such, with the
 *     instant the clock jumped over it: the first instant at which the clock shows that
 *     reading or later. With the first-occurrence rule this is one definition: a reading
 *     resolves to the first instant at which the local clock shows that reading or a later
 *     one. That instant grows with the reading, so resolved times keep their order.
 *     Transitions are at whole minutes in the tz database for every date we schedule, so
 *     instants are found to the minute.
 *   - calendar data (wallClockToInstant): RFC 5545 §3.3.5 reads it with the offset in force
 *     before the gap, so 01:30 on a 01:00→02:00 gap is 02:30 after it.
 */

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/**
 * Names found valid. Checking builds an Intl formatter (~0.1 ms), and every booking page checks
 * the guest's zone. Only valid names are kept, and only so many (a name is valid in any case
 * mix), so no input can grow this; an invalid name is simply checked again.
 */
const validZones = new Set<string>();
const MAX_REMEMBERED_ZONES = 2_000;

/** Only real IANA names: luxon's `setZone` would also accept "local", "system" and "UTC+5". */
export function isValidTimeZone(name: string): boolean {
  if (validZones.has(name)) return true;
  if (!IANAZone.isValidZone(name)) return false;
  if (validZones.size >= MAX_REMEMBERED_ZONES) validZones.clear();
  validZones.add(name);
  return true;
}

/** The zone, or a RangeError naming what carried the bad name (an option, a field). */
export function zoneNamed(timeZone: string, what = 'timeZone'): IANAZone {
  const zone = IANAZone.create(timeZone);
  if (!zone.isValid) throw new RangeError(`${what} "${timeZone}" is not an IANA time zone`);
  return zone;
}

/** A local reading to the second, as calendar data carries it. */
export interface WallClock extends LocalDate {
  hour: number;
  minute: number;
  second: number;
}

export interface ResolvedTime {
  /** False when the clock skipped this reading (a spring-forward gap). */
  exists: boolean;
  /** The first occurrence; for a skipped reading, the instant of the jump. */
  ms: number;
}

/** A reading placed on a zone's timeline, before either DST rule for gaps is applied. */
interface PlacedReading {
  /** The first instant the clock shows the reading; undefined when the clock skipped it. */
  firstMs: number | undefined;
  /** The reading taken with the offset in force before, and after, a transition near it. */
  withOffsetBeforeMs: number;
  withOffsetAfterMs: number;
}

/** `wallAsUtc` is the reading written as if it were UTC (Date.UTC of its fields). */
function placeReading(wallAsUtc: number, zone: IANAZone): PlacedReading {
  // The offsets in force a day either side cover any one transition near this reading.
  const withOffsetBeforeMs = wallAsUtc - zone.offset(wallAsUtc - DAY_MS) * MINUTE_MS;
  const withOffsetAfterMs = wallAsUtc - zone.offset(wallAsUtc + DAY_MS) * MINUTE_MS;
  const occurrences = [withOffsetBeforeMs, withOffsetAfterMs].filter((ms) => ms + zone.offset(ms) * MINUTE_MS === wallAsUtc);
  return { firstMs: occurrences.length > 0 ? Math.min(...occurrences) : undefined, withOffsetBeforeMs, withOffsetAfterMs };
}

/** The scheduling reading of a local time on a date: see the module comment. */
export function resolveLocalTime(date: LocalDate, minuteOfDay: number, zone: IANAZone): ResolvedTime {
  const placed = placeReading(Date.UTC(date.year, date.month - 1, date.day, 0, minuteOfDay), zone);
  if (placed.firstMs !== undefined) return { exists: true, ms: placed.firstMs };
  // In a gap: read with the later offset the reading is before the jump, with the earlier after.
  return { exists: false, ms: firstInstantWithNewOffset(placed.withOffsetAfterMs, placed.withOffsetBeforeMs, zone) };
}

/** The calendar-data (RFC 5545 §3.3.5) reading of a wall-clock time: see the module comment. */
export function wallClockToInstant(wall: WallClock, zone: IANAZone): number {
  const placed = placeReading(Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second), zone);
  return placed.firstMs ?? placed.withOffsetBeforeMs;
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
