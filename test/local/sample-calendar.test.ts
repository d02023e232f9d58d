import { describe, expect, it } from 'vitest';
import { redateCalendar, SAMPLE_ANCHOR, sampleShiftDays } from '../../lib/local/sample-calendar.js';

const ICS = [
  'BEGIN:VCALENDAR',
  'BEGIN:VTIMEZONE',
  'TZID:Europe/London',
  'BEGIN:DAYLIGHT',
  'DTSTART:19700329T010000',
  'END:DAYLIGHT',
  'END:VTIMEZONE',
  'BEGIN:VEVENT',
  'UID:weekly',
  'DTSTART;TZID=Europe/London:20261103T090000',
  'DTEND;TZID=Europe/London:20261103T093000',
  'RRULE:FREQ=WEEKLY;UNTIL=20261215T090000Z',
  'EXDATE;TZID=Europe/London:20261110T090000,20261117T090000',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:trip',
  'DTSTART;VALUE=DATE:20261230',
  'DTEND;VALUE=DATE:20270102',
  'END:VEVENT',
  'END:VCALENDAR',
].join('\r\n');

describe('re-dating the sample calendar', () => {
  it('moves by whole weeks so that the anchor lands in the week of now', () => {
    expect(sampleShiftDays(SAMPLE_ANCHOR)).toBe(0);
    expect(sampleShiftDays('2026-11-23T08:00:00Z')).toBe(0);
    expect(sampleShiftDays('2026-11-29T23:00:00Z')).toBe(0);
    expect(sampleShiftDays('2026-11-30T12:00:00Z')).toBe(7);
    expect(sampleShiftDays('2027-03-01T12:00:00Z')).toBe(14 * 7);
    expect(sampleShiftDays('2026-11-20T12:00:00Z')).toBe(-7);
  });

  it('shifts event dates, exceptions and UNTIL, keeps wall-clock times and leaves time-zone rules alone', () => {
    const out = redateCalendar(ICS, 14);
    expect(out).toContain('DTSTART;TZID=Europe/London:20261117T090000');
    expect(out).toContain('EXDATE;TZID=Europe/London:20261124T090000,20261201T090000');
    expect(out).toContain('RRULE:FREQ=WEEKLY;UNTIL=20261229T090000Z');
    expect(out).toContain('DTSTART;VALUE=DATE:20270113');
    expect(out).toContain('DTEND;VALUE=DATE:20270116');
    expect(out).toContain('DTSTART:19700329T010000');
  });
});
