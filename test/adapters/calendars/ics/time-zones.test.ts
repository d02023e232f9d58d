import { readFileSync } from 'node:fs';
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { parseIcsEvents } from '../../../../lib/adapters/calendars/ics/adapter.js';

const fixture = (name: string) => readFileSync(new URL(`../../../fixtures/ics/${name}`, import.meta.url));
const YEAR_2026 = { from: '2026-01-01T00:00:00Z', to: '2027-01-01T00:00:00Z' };
const byUid = (name: string, uid: string, floatingTimeZone?: string) =>
  parseIcsEvents(fixture(name), YEAR_2026, floatingTimeZone ? { floatingTimeZone } : {}).filter((event) => event.uid === uid);

describe('Europe/London across the October DST change (VTIMEZONE in the feed)', () => {
  it('keeps a weekly 09:00 meeting at 09:00 local: 08:00Z in summer time, 09:00Z after', () => {
    const starts = byUid('dst-weekly-london.ics', 'tuesday-sync@example.com').map((event) => [event.start, event.end]);
    expect(starts).toEqual([
      ['2026-10-13T08:00:00.000Z', '2026-10-13T08:30:00.000Z'],
      ['2026-10-20T08:00:00.000Z', '2026-10-20T08:30:00.000Z'],
      ['2026-10-27T09:00:00.000Z', '2026-10-27T09:30:00.000Z'],
      ['2026-11-03T09:00:00.000Z', '2026-11-03T09:30:00.000Z'],
    ]);
  });

  it('gives an event over the DST night its real length (23:00 BST → 07:00 GMT is 9 hours)', () => {
    const [overnight] = byUid('dst-weekly-london.ics', 'overnight@example.com');
    expect(overnight).toMatchObject({ start: '2026-10-24T22:00:00.000Z', end: '2026-10-25T07:00:00.000Z' });
    expect(Date.parse(overnight!.end) - Date.parse(overnight!.start)).toBe(9 * 3_600_000);
  });
});

describe('a TZID defined by a VTIMEZONE in the feed', () => {
  it("is read with the feed's rules, also for Windows zone names that are not IANA names", () => {
    const events = parseIcsEvents(fixture('outlook-windows-zone.ics'), YEAR_2026);
    expect(events.map((event) => [event.start, event.end])).toEqual([
      ['2026-07-07T07:00:00.000Z', '2026-07-07T08:00:00.000Z'],
      ['2026-12-08T08:00:00.000Z', '2026-12-08T09:00:00.000Z'],
    ]);
  });

  it('wins over the IANA rules of the same name (RFC 5545 §3.6.5: the VTIMEZONE defines the TZID)', () => {
    const ics = [
      'BEGIN:VCALENDAR',
      'BEGIN:VTIMEZONE',
      'TZID:Europe/London',
      'BEGIN:STANDARD',
      'DTSTART:19700101T000000',
      'TZOFFSETFROM:+0300',
      'TZOFFSETTO:+0300',
      'END:STANDARD',
      'END:VTIMEZONE',
      'BEGIN:VEVENT',
      'UID:odd@example.com',
      'DTSTART;TZID=Europe/London:20261208T090000',
      'END:VEVENT',
      'END:VCALENDAR',
    ].join('\r\n');
    expect(parseIcsEvents(ics, YEAR_2026)[0]?.start).toBe('2026-12-08T06:00:00.000Z');
  });
});

describe('a TZID that is an IANA name the feed does not define', () => {
  it('is read with the IANA rules, including summer time and half-hour offsets', () => {
    expect(byUid('iana-without-vtimezone.ics', 'ny-breakfast@example.com')[0]).toMatchObject({
      start: '2026-07-01T12:30:00.000Z',
      end: '2026-07-01T13:30:00.000Z',
    });
    expect(byUid('iana-without-vtimezone.ics', 'kolkata-call@example.com')[0]).toMatchObject({
      start: '2026-12-01T12:30:00.000Z',
      end: '2026-12-01T13:00:00.000Z',
    });
  });

  it('matches UNTIL and EXDATE written in UTC against the zone-local series', () => {
    // 09:00 in Tokyo is 00:00Z: UNTIL includes 3 Dec, the EXDATE removes 2 Dec.
    const starts = byUid('iana-without-vtimezone.ics', 'tokyo-daily@example.com').map((event) => event.start);
    expect(starts).toEqual(['2026-12-01T00:00:00.000Z', '2026-12-03T00:00:00.000Z']);
  });

  it('is registered with ical.js only while this feed is expanded, so feeds never share zones', () => {
    parseIcsEvents(fixture('iana-without-vtimezone.ics'), YEAR_2026);
    expect(['America/New_York', 'Asia/Kolkata', 'Asia/Tokyo'].filter((tzid) => ICAL.TimezoneService.has(tzid))).toEqual([]);
    expect(ICAL.TimezoneService.has('UTC')).toBe(true);
  });

  it('falls back to the floating zone when the TZID is neither defined nor an IANA name', () => {
    const unknownZone = [
      'BEGIN:VCALENDAR',
      'BEGIN:VEVENT',
      'UID:unknown-zone@example.com',
      'DTSTART;TZID=Not/A_Zone:20260701T120000',
      'END:VEVENT',
      'END:VCALENDAR',
    ].join('\n');
    expect(parseIcsEvents(unknownZone, YEAR_2026, { floatingTimeZone: 'Europe/Paris' })[0]?.start).toBe(
      '2026-07-01T10:00:00.000Z',
    );
  });
});

describe('floating times (no zone)', () => {
  it('are read in the floatingTimeZone option, UTC by default', () => {
    const start = (zone?: string) => byUid('floating.ics', 'floating-lunch@example.com', zone)[0]?.start;
    expect(start()).toBe('2026-07-15T12:30:00.000Z');
    expect(start('Europe/London')).toBe('2026-07-15T11:30:00.000Z');
    // Chatham is UTC+12:45 in July.
    expect(start('Pacific/Chatham')).toBe('2026-07-14T23:45:00.000Z');
  });

  it('rejects a floatingTimeZone that is not an IANA zone', () => {
    expect(() => parseIcsEvents(fixture('floating.ics'), YEAR_2026, { floatingTimeZone: 'Mars/Olympus' })).toThrow(
      /floatingTimeZone "Mars\/Olympus"/,
    );
  });
});

describe('all-day events', () => {
  const allDay = parseIcsEvents(fixture('all-day.ics'), YEAR_2026, { floatingTimeZone: 'Europe/London' });

  it('run from local midnight to local midnight, DTEND exclusive', () => {
    expect(allDay[0]).toMatchObject({
      uid: 'conference@example.com',
      allDay: true,
      start: '2026-07-06T23:00:00.000Z',
      end: '2026-07-09T23:00:00.000Z',
    });
  });

  it('last one day without DTEND, and accept dates written without VALUE=DATE', () => {
    expect(allDay.slice(1).map((event) => [event.uid, event.allDay, event.start, event.end])).toEqual([
      ['holiday@example.com', true, '2026-12-25T00:00:00.000Z', '2026-12-26T00:00:00.000Z'],
      ['bare-date@example.com', true, '2026-12-26T00:00:00.000Z', '2026-12-27T00:00:00.000Z'],
    ]);
  });
});
