import ICAL from 'ical.js';
import { isValidTimeZone, wallClockToInstant, zoneNamed, type TimeZone, type WallClock } from '../../../core/domain/zones.js';

/**
 * Wall-clock → instant, for the three kinds of iCalendar times (RFC 5545 §3.3.5): UTC, local
 * with a TZID, and floating. A TZID defined by a VTIMEZONE in the feed is resolved by ical.js
 * from the document itself; a TZID that is an IANA name without a VTIMEZONE (common in
 * Google and Outlook exports) is resolved with the runtime's tz database (Intl), read by the
 * RFC's rules for repeated and skipped times (lib/core/domain/zones.ts). What stays here is
 * ical.js's side: its zone objects, its process-wide TimezoneService, its time values.
 */

function wallClockOf(time: ICAL.Time): WallClock {
  const { year, month, day, hour, minute, second } = time;
  return { year, month, day, hour, minute, second };
}

/**
 * An ical.js zone backed by the IANA database, for TZIDs the feed does not define. One is made
 * per expansion; it remembers its answers because ical.js asks for the same offset many times
 * per instance and each lookup goes through Intl.
 */
class IanaTimezone extends ICAL.Timezone {
  readonly #zone: TimeZone;
  readonly #offsets = new Map<number, number>();

  constructor(zone: TimeZone) {
    super({ tzid: zone.name });
    this.#zone = zone;
  }

  /** Offset in seconds at a wall-clock time in this zone (what ical.js asks a zone for). */
  override utcOffset(time: ICAL.Time): number {
    const wall = wallClockOf(time);
    const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
    let offset = this.#offsets.get(asUtc);
    if (offset === undefined) {
      offset = (asUtc - wallClockToInstant(wall, this.#zone)) / 1000;
      this.#offsets.set(asUtc, offset);
    }
    return offset;
  }
}

/**
 * Runs `expand` with every IANA TZID the feed uses but does not define registered in ical.js's
 * TimezoneService, and unregisters them afterwards. The service is process-wide; registering
 * only for the duration of one synchronous expansion keeps one feed's zones from leaking into
 * another's (a Lambda instance serves many users).
 */
export function withFeedTimezones<T>(root: ICAL.Component, expand: () => T): T {
  // The first `get` installs the service's built-in UTC aliases, so `has` below sees them.
  ICAL.TimezoneService.get('UTC');
  const defined = new Set(root.getAllSubcomponents('vtimezone').map((zone) => String(zone.getFirstPropertyValue('tzid'))));
  const added: string[] = [];
  for (const tzid of referencedTzids(root.jCal)) {
    if (defined.has(tzid) || ICAL.TimezoneService.has(tzid)) continue;
    if (!isValidTimeZone(tzid)) continue;
    ICAL.TimezoneService.register(new IanaTimezone(zoneNamed(tzid)), tzid);
    added.push(tzid);
  }
  try {
    return expand();
  } finally {
    for (const tzid of added) ICAL.TimezoneService.remove(tzid);
  }
}

function referencedTzids(jCal: unknown, found = new Set<string>()): Set<string> {
  const [, properties, components] = jCal as [string, unknown[][], unknown[]];
  for (const property of properties) {
    const tzid = (property[1] as { tzid?: unknown }).tzid;
    if (typeof tzid === 'string') found.add(tzid);
  }
  for (const component of components) referencedTzids(component, found);
  return found;
}

/**
 * The instant of an ical.js time. Dates (all-day) are midnight in the floating zone; floating
 * date-times are read in `fallbackZone` when given (a RECURRENCE-ID or EXDATE written without
 * a zone belongs to its series' zone), else in the floating zone. A TZID that is neither
 * defined in the feed nor an IANA name leaves the time floating.
 */
export function instantOf(time: ICAL.Time, floating: TimeZone, fallbackZone?: ICAL.Timezone): number {
  if (time.isDate) return wallClockToInstant({ ...wallClockOf(time), hour: 0, minute: 0, second: 0 }, floating);
  const local = ICAL.Timezone.localTimezone;
  if (time.zone && time.zone !== local) return time.toUnixTime() * 1000;
  if (fallbackZone && fallbackZone !== local) {
    const placed = time.clone();
    placed.zone = fallbackZone;
    return placed.toUnixTime() * 1000;
  }
  return wallClockToInstant(wallClockOf(time), floating);
}
