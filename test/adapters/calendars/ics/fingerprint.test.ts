import { describe, expect, it } from 'vitest';
import { feedFingerprint } from '../../../../lib/adapters/calendars/ics/fingerprint.js';

const bytes = (lines: string[]) => new TextEncoder().encode(lines.join('\r\n') + '\r\n');
const feed = (stamp: string, summary = 'Coffee') =>
  bytes(['BEGIN:VCALENDAR', 'BEGIN:VEVENT', 'UID:a@example.com', `DTSTAMP:${stamp}`, 'DTSTART:20261110T100000Z', `SUMMARY:${summary}`, 'END:VEVENT', 'END:VCALENDAR']);

describe('a feed fingerprint', () => {
  it('is the same for copies that differ only in when they were stamped', () => {
    expect(feedFingerprint(feed('20261120T000000Z'))).toBe(feedFingerprint(feed('20261121T093000Z')));
  });

  it('leaves out a stamp in any case, with parameters, and its folded continuation', () => {
    const plain = bytes(['BEGIN:VEVENT', 'SUMMARY:Coffee', 'END:VEVENT']);
    const stamped = bytes(['BEGIN:VEVENT', 'dtStamp;VALUE=DATE-TIME:2026112', ' 0T000000Z', 'SUMMARY:Coffee', 'END:VEVENT']);
    expect(feedFingerprint(stamped)).toBe(feedFingerprint(plain));
  });

  it('changes with anything else: a title, a folded title, a property whose name only starts alike', () => {
    const base = feedFingerprint(feed('20261120T000000Z'));
    expect(feedFingerprint(feed('20261120T000000Z', 'Lunch'))).not.toBe(base);
    const folded = (tail: string) => bytes(['BEGIN:VEVENT', 'SUMMARY:Coffee with', ` ${tail}`, 'END:VEVENT']);
    expect(feedFingerprint(folded('Jane'))).not.toBe(feedFingerprint(folded('Omar')));
    const x = (value: string) => bytes(['BEGIN:VEVENT', `DTSTAMPX:${value}`, 'END:VEVENT']);
    expect(feedFingerprint(x('1'))).not.toBe(feedFingerprint(x('2')));
  });

  it('reads a last line without a line break, and an empty feed', () => {
    const enc = new TextEncoder();
    expect(feedFingerprint(enc.encode('SUMMARY:A'))).not.toBe(feedFingerprint(enc.encode('SUMMARY:B')));
    expect(feedFingerprint(enc.encode('DTSTAMP:1'))).toBe(feedFingerprint(new Uint8Array()));
  });
});
