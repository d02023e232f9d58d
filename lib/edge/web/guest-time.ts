import { DateTime } from 'luxon';

/**
 * Times as the guest reads them: in the zone they chose, in words a person checks at a
 * glance ("Tue 1 Dec, 14:00–14:30 (India Standard Time)"). The locale is fixed so a page
 * never depends on the server's locale.
 */
const LOCALE = 'en-GB';

function local(instant: string, zone: string): DateTime {
  return DateTime.fromISO(instant, { zone: 'utc' }).setZone(zone).setLocale(LOCALE);
}

/** The zone's everyday name at that instant ("British Summer Time" in July, "Greenwich Mean Time" in December). */
export function zoneNameAt(instant: string, zone: string): string {
  return local(instant, zone).toFormat('ZZZZZ');
}

export function slotLabel(slot: { start: string; end: string }, zone: string): string {
  const start = local(slot.start, zone);
  const end = local(slot.end, zone);
  // A coffee that crosses midnight in the guest's zone names both days.
  const until = start.hasSame(end, 'day') ? end.toFormat('HH:mm') : end.toFormat('ccc d LLL, HH:mm');
  return `${start.toFormat('ccc d LLL, HH:mm')}\u2013${until} (${zoneNameAt(slot.start, zone)})`;
}

/** The zones the guest can pick from, with the shown one (and UTC) always among them. */
export function zoneChoices(shown: string): string[] {
  return [...new Set([...Intl.supportedValuesOf('timeZone'), shown, 'UTC'])].sort();
}
