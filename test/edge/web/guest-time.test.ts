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
