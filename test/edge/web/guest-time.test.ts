import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { slotLabel, zoneChoices, zoneNameAt } from '../../../lib/edge/web/guest-time.js';
import { zonePicker } from '../../../lib/edge/web/guest-page.js';

describe('times as the guest reads them', () => {
  it('names the zone as people say it at that instant, the way Luxon does for every zone', () => {
    expect(zoneNameAt('2027-07-15T12:00:00.000Z', 'Europe/London')).toBe('British Summer Time');
    expect(zoneNameAt('2027-12-15T12:00:00.000Z', 'Europe/London')).toBe('Greenwich Mean Time');
    expect(zoneNameAt('2027-12-15T12:00:00.000Z', 'UTC')).toBe('UTC');
    for (const zone of [...Intl.supportedValuesOf('timeZone'), 'UTC', 'Etc/UTC'])
      for (const at of ['2027-01-15T12:00:00.000Z', '2027-07-15T03:30:00.000Z']) {
        expect(zoneNameAt(at, zone)).toBe(DateTime.fromISO(at, { zone: 'utc' }).setZone(zone).setLocale('en-GB').toFormat('ZZZZZ'));
      }
  });

  it('names both days of a coffee that crosses midnight in the guest’s zone, and one day otherwise', () => {
    expect(slotLabel({ start: '2027-03-11T18:00:00.000Z', end: '2027-03-11T18:30:00.000Z' }, 'Asia/Kolkata')).toBe('Thu 11 Mar, 23:30–Fri 12 Mar, 00:00 (India Standard Time)');
    expect(slotLabel({ start: '2027-03-11T17:30:00.000Z', end: '2027-03-11T18:00:00.000Z' }, 'Asia/Kolkata')).toBe('Thu 11 Mar, 23:00–23:30 (India Standard Time)');
  });

  it('labels a time exactly as Luxon formats it, in every zone, every month and weekday, around midnight', () => {
    const luxonLabel = (slot: { start: string; end: string }, zone: string) => {
      const start = DateTime.fromISO(slot.start, { zone: 'utc' }).setZone(zone).setLocale('en-GB');
      const end = DateTime.fromISO(slot.end, { zone: 'utc' }).setZone(zone).setLocale('en-GB');
      const until = start.hasSame(end, 'day') ? end.toFormat('HH:mm') : end.toFormat('ccc d LLL, HH:mm');
      return `${start.toFormat('ccc d LLL, HH:mm')}\u2013${until} (${zoneNameAt(slot.start, zone)})`;
    };
    // A day in each month at assorted times, and every weekday late in the UTC evening.
    const starts = [
      ...Array.from({ length: 12 }, (_, month) => Date.UTC(2027, month, 1 + month * 2, (month * 5) % 24, (month * 7) % 60)),
      ...Array.from({ length: 7 }, (_, day) => Date.UTC(2027, 2, 8 + day, 23, 45)),
    ];
    for (const zone of [...Intl.supportedValuesOf('timeZone'), 'UTC', 'Asia/Kolkata'])
      for (const startMs of starts) {
        const slot = { start: new Date(startMs).toISOString(), end: new Date(startMs + 30 * 60_000).toISOString() };
        expect(slotLabel(slot, zone)).toBe(luxonLabel(slot, zone));
      }
  });

  it('offers every zone once, sorted, with the shown one among them', () => {
    const choices = zoneChoices('Asia/Kolkata');
    expect(choices).toEqual([...new Set(choices)].sort());
    expect(choices).toContain('UTC');
    expect(zoneChoices('Etc/Unlisted')).toContain('Etc/Unlisted');
    expect(zoneChoices('Asia/Kolkata')).toEqual(choices);
  });

  it('the zone picker offers exactly those zones, in that order, with the shown one selected, listed by the runtime or not', () => {
    for (const shown of ['Asia/Kolkata', 'Asia/Calcutta', 'UTC', 'Africa/Abidjan', 'Pacific/Wallis', 'Aaa/Unlisted', 'Zzz/Unlisted']) {
      const picker = String(zonePicker('/book/abc', { zone: shown, chosen: true }, 'Europe/London', '2027-03-11T18:00:00.000Z'));
      const options = [...picker.matchAll(/<option value="([^"]*)"( selected)?>([^<]*)<\/option>/g)];
      expect(options.map((o) => o[1])).toEqual(zoneChoices(shown));
      expect(options.filter((o) => o[2]).map((o) => o[1])).toEqual([shown]);
      expect(options.every((o) => o[3] === o[1]!.replaceAll('_', ' '))).toBe(true);
    }
  });
});
