import { zonedText, type ZonedText } from '../../core/domain/local-time.js';
import { zoneIfValid } from '../../core/domain/zones.js';

/**
 * Times as the guest reads them: in the zone they chose, in words a person checks at a
 * glance ("Tue 1 Dec, 14:00–14:30 (India Standard Time)"). The locale is fixed so a page
 * never depends on the server's locale.
 */
const LOCALE = 'en-GB';

function local(instant: string, zone: string): ZonedText {
  return zonedText(instant, zone, LOCALE);
}

/**
 * One formatter per zone, kept: building an Intl.DateTimeFormat loads the zone's and locale's
 * data and costs milliseconds, which Luxon's `ZZZZZ` pays on every call (several per page, on
 * every page view). The options are Luxon's own for that token, so the names are the same.
 */
const zoneNameFormats = new Map<string, Intl.DateTimeFormat>();

function zoneNameFormat(zone: string): Intl.DateTimeFormat {
  let format = zoneNameFormats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat(LOCALE, {
      timeZone: zone,
      timeZoneName: 'long',
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    zoneNameFormats.set(zone, format);
  }
  return format;
}

/** The zone's everyday name at that instant ("British Summer Time" in July, "Greenwich Mean Time" in December). */
export function zoneNameAt(instant: string, zone: string): string {
  // "UTC" and "GMT" (any case) are named "UTC", as Luxon names them; anything not a zone is
  // left to local() too. (zoneIfValid is cached by name, where a validity check builds a
  // formatter on every call.)
  if (/^(utc|gmt)$|^utc[+-]/i.test(zone) || !zoneIfValid(zone)) return local(instant, zone).toFormat('ZZZZZ');
  const named = zoneNameFormat(zone)
    .formatToParts(new Date(instant))
    .find((part) => part.type === 'timeZoneName');
  return named?.value ?? local(instant, zone).toFormat('ZZZZZ');
}

export function slotLabel(slot: { start: string; end: string }, zone: string): string {
  const format = wallClockFormat(zone);
  if (!format) return luxonSlotLabel(slot, zone);
  const start = wallClockOf(format, slot.start);
  const end = wallClockOf(format, slot.end);
  // A coffee that crosses midnight in the guest's zone names both days.
  const until = start.date === end.date ? end.time : `${end.day}, ${end.time}`;
  return `${start.day}, ${start.time}\u2013${until} (${zoneNameAt(slot.start, zone)})`;
}

/** The same label through Luxon, for a zone Intl does not take by name. */
function luxonSlotLabel(slot: { start: string; end: string }, zone: string): string {
  const start = local(slot.start, zone);
  const end = local(slot.end, zone);
  const until = start.toISODate() === end.toISODate() ? end.toFormat('HH:mm') : end.toFormat('ccc d LLL, HH:mm');
  return `${start.toFormat('ccc d LLL, HH:mm')}\u2013${until} (${zoneNameAt(slot.start, zone)})`;
}

/**
 * One formatter per zone, kept (as for zone names): Luxon's `toFormat('ccc d LLL, HH:mm')` asks
 * Intl for the same parts, in the same locale, at several times the cost, and a page labels
 * every offered time. A test holds the two to the same text for every zone.
 */
const wallClockFormats = new Map<string, Intl.DateTimeFormat | null>();
const MAX_REMEMBERED_FORMATS = 2_000;

function wallClockFormat(zone: string): Intl.DateTimeFormat | null {
  let format = wallClockFormats.get(zone);
  if (format === undefined) {
    try {
      format = new Intl.DateTimeFormat(LOCALE, { timeZone: zone, weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    } catch {
      format = null;
    }
    if (wallClockFormats.size >= MAX_REMEMBERED_FORMATS) wallClockFormats.clear();
    wallClockFormats.set(zone, format);
  }
  return format;
}

/** "Tue 1 Dec" and "14:00" at that instant, and its local date to compare days by. */
function wallClockOf(format: Intl.DateTimeFormat, instant: string): { day: string; time: string; date: string } {
  const parts: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const part of format.formatToParts(new Date(instant))) parts[part.type] = part.value;
  return { day: `${parts.weekday} ${parts.day} ${parts.month}`, time: `${parts.hour}:${parts.minute}`, date: `${parts.year}-${parts.month}-${parts.day}` };
}

let knownZones: readonly string[] | undefined;

/** The runtime's zones and UTC, sorted. The list never changes: sorted once, not on every page view. */
export function listedZones(): readonly string[] {
  knownZones ??= [...new Set([...Intl.supportedValuesOf('timeZone'), 'UTC'])].sort();
  return knownZones;
}

/** The zones the guest can pick from, with the shown one (and UTC) always among them. */
export function zoneChoices(shown: string): string[] {
  const known = listedZones();
  return known.includes(shown) ? [...known] : [...known, shown].sort();
}
