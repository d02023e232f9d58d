import { DateTime, IANAZone } from 'luxon';

/**
 * Times as the guest reads them: in the zone they chose, in words a person checks at a
 * glance ("Tue 1 Dec, 14:00–14:30 (India Standard Time)"). The locale is fixed so a page
 * never depends on the server's locale.
 */
const LOCALE = 'en-GB';

function local(instant: string, zone: string): DateTime {
  return DateTime.fromISO(instant, { zone: 'utc' }).setZone(zone).setLocale(LOCALE);
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
  // Luxon reads "UTC" and "GMT" (any case) and offsets like "UTC+3" as fixed zones, named by
  // their offset; anything not a zone it leaves to Luxon too. (IANAZone.create is cached by
  // name, where IANAZone.isValidZone builds a formatter on every call.)
  if (/^(utc|gmt)$|^utc[+-]/i.test(zone) || !IANAZone.create(zone).isValid) return local(instant, zone).toFormat('ZZZZZ');
  const named = zoneNameFormat(zone)
    .formatToParts(new Date(instant))
    .find((part) => part.type === 'timeZoneName');
  return named?.value ?? local(instant, zone).toFormat('ZZZZZ');
}

export function slotLabel(slot: { start: string; end: string }, zone: string): string {
  const start = local(slot.start, zone);
  const end = local(slot.end, zone);
  // A coffee that crosses midnight in the guest's zone names both days. (Both are in that zone,
  // so comparing local dates is Luxon's hasSame(…, 'day'), at a hundredth of its cost.)
  const until = start.toISODate() === end.toISODate() ? end.toFormat('HH:mm') : end.toFormat('ccc d LLL, HH:mm');
  return `${start.toFormat('ccc d LLL, HH:mm')}\u2013${until} (${zoneNameAt(slot.start, zone)})`;
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
