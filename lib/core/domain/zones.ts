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
 * An IANA zone: its name and its offset from UTC, in minutes, at an instant. Read from the
 * runtime's own tz database through Intl (as luxon does, with the same options and the same
 * arithmetic, so the answers are luxon's), without loading a date library at cold start.
 */
export interface TimeZone {
  readonly name: string;
  offset(ms: number): number;
}

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
  if (!name) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name }).format();
  } catch {
    return false;
  }
  if (validZones.size >= MAX_REMEMBERED_ZONES) validZones.clear();
  validZones.add(name);
  return true;
}

/** Zones made, by name: only valid ones and only so many, for the same reason as above. */
const zones = new Map<string, TimeZone>();

/** The zone, or a RangeError naming what carried the bad name (an option, a field). */
export function zoneNamed(timeZone: string, what = 'timeZone'): TimeZone {
  let zone = zones.get(timeZone);
  if (zone) return zone;
  if (!isValidTimeZone(timeZone)) throw new RangeError(`${what} "${timeZone}" is not an IANA time zone`);
  zone = ianaZone(timeZone);
  if (zones.size >= MAX_REMEMBERED_ZONES) zones.clear();
  zones.set(timeZone, zone);
  return zone;
}

/** The zone named, or undefined when the name is not an IANA zone. */
export function zoneIfValid(timeZone: string): TimeZone | undefined {
  try {
    return zoneNamed(timeZone);
  } catch {
    return undefined;
  }
}

const FIELD_ORDER = { year: 0, month: 1, day: 2, hour: 3, minute: 4, second: 5 } as const;

function ianaZone(name: string): TimeZone {
  const format = new Intl.DateTimeFormat('en-US', {
    hour12: false,
    timeZone: name,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    era: 'short',
  });
  return {
    name,
    offset(ms: number): number {
      const date = new Date(ms);
      if (Number.isNaN(date.getTime())) return Number.NaN;
      const fields = [0, 0, 0, 0, 0, 0];
      let beforeChrist = false;
      for (const { type, value } of format.formatToParts(date)) {
        if (type === 'era') beforeChrist = value === 'BC';
        else if (type in FIELD_ORDER) fields[FIELD_ORDER[type as keyof typeof FIELD_ORDER]] = parseInt(value, 10);
      }
      const [year, month, day, hour, minute, second] = fields as [number, number, number, number, number, number];
      // hour12: false still writes midnight as 24 in some runtimes (Chromium issue 1025564).
      const wallAsUtc = utcOfFields(beforeChrist ? -Math.abs(year) + 1 : year, month, day, hour === 24 ? 0 : hour, minute, second);
      const wholeSecond = ms - (((ms % 1000) + 1000) % 1000);
      return (wallAsUtc - wholeSecond) / MINUTE_MS;
    },
  };
}

/** Date.UTC without its reading of years 0–99 as 1900–1999. */
function utcOfFields(year: number, month: number, day: number, hour: number, minute: number, second: number): number {
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  if (year >= 0 && year < 100) date.setUTCFullYear(year, month - 1, day);
  return date.getTime();
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
function placeReading(wallAsUtc: number, zone: TimeZone): PlacedReading {
  // The offsets in force a day either side cover any one transition near this reading.
  const withOffsetBeforeMs = wallAsUtc - zone.offset(wallAsUtc - DAY_MS) * MINUTE_MS;
  const withOffsetAfterMs = wallAsUtc - zone.offset(wallAsUtc + DAY_MS) * MINUTE_MS;
  const occurrences = [withOffsetBeforeMs, withOffsetAfterMs].filter((ms) => ms + zone.offset(ms) * MINUTE_MS === wallAsUtc);
  return { firstMs: occurrences.length > 0 ? Math.min(...occurrences) : undefined, withOffsetBeforeMs, withOffsetAfterMs };
}

/** The scheduling reading of a local time on a date: see the module comment. */
export function resolveLocalTime(date: LocalDate, minuteOfDay: number, zone: TimeZone): ResolvedTime {
  const placed = placeReading(Date.UTC(date.year, date.month - 1, date.day, 0, minuteOfDay), zone);
  if (placed.firstMs !== undefined) return { exists: true, ms: placed.firstMs };
  // In a gap: read with the later offset the reading is before the jump, with the earlier after.
  return { exists: false, ms: firstInstantWithNewOffset(placed.withOffsetAfterMs, placed.withOffsetBeforeMs, zone) };
}

/** The calendar-data (RFC 5545 §3.3.5) reading of a wall-clock time: see the module comment. */
export function wallClockToInstant(wall: WallClock, zone: TimeZone): number {
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
export function localTimeResolver(date: LocalDate, zone: TimeZone): (minuteOfDay: number) => ResolvedTime {
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

function offsetAt(zone: TimeZone, ms: number): number {
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
function firstInstantWithNewOffset(lo: number, hi: number, zone: TimeZone): number {
  const offsetAtLo = zone.offset(lo);
  while (hi - lo > MINUTE_MS) {
    const mid = lo + Math.floor((hi - lo) / MINUTE_MS / 2) * MINUTE_MS;
    if (zone.offset(mid) === offsetAtLo) lo = mid;
    else hi = mid;
  }
  return hi;
}
