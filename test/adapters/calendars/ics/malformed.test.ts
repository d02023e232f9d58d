import { describe, expect, it } from 'vitest';
import { parseIcsEvents } from '../../../../lib/adapters/calendars/ics/adapter.js';
import { MalformedCalendar } from '../../../../lib/core/ports/calendar.js';

const YEAR_2026 = { from: '2026-01-01T00:00:00Z', to: '2027-01-01T00:00:00Z' };

/** A valid event to sit next to the broken one: nothing of it may come back either. */
const GOOD_EVENT = ['BEGIN:VEVENT', 'UID:good@example.com', 'DTSTART:20261110T100000Z', 'END:VEVENT'];

function problemIn(lines: string[], eol = '\n'): MalformedCalendar {
  let result: unknown;
  try {
    result = parseIcsEvents(lines.join(eol), YEAR_2026);
  } catch (error) {
    if (error instanceof MalformedCalendar) return error;
    throw error;
  }
  throw new Error(`expected MalformedCalendar, got ${JSON.stringify(result)}`);
}

describe('a calendar that cannot be read', () => {
  it.each([
    {
      problem: 'text that is not a calendar',
      lines: ['<!doctype html>', '<p>Sign in</p>'],
      line: 1,
      message: /does not start with BEGIN:VCALENDAR/,
    },
    { problem: 'an empty file', lines: [''], line: 1, message: /does not start with BEGIN:VCALENDAR/ },
    {
      problem: 'an END that closes the wrong component',
      lines: ['BEGIN:VCALENDAR', ...GOOD_EVENT, 'BEGIN:VEVENT', 'UID:x', 'DTSTART:20261110T100000Z', 'END:VCALENDAR'],
      line: 9,
      message: /END:VCALENDAR does not close BEGIN:VEVENT \(opened on line 6\)/,
    },
    {
      problem: 'a component that is never closed',
      lines: ['BEGIN:VCALENDAR', ...GOOD_EVENT],
      line: 1,
      message: /BEGIN:VCALENDAR is never closed/,
    },
    {
      problem: 'an END without a BEGIN',
      lines: ['BEGIN:VCALENDAR', 'END:VEVENT', 'END:VCALENDAR'],
      line: 2,
      message: /END:VEVENT does not close BEGIN:VCALENDAR/,
    },
    {
      problem: 'a content line without a colon',
      lines: ['BEGIN:VCALENDAR', ...GOOD_EVENT, 'BEGIN:VEVENT', 'UID:x', 'SUMMARY Lunch', 'DTSTART:20261110T100000Z', 'END:VEVENT', 'END:VCALENDAR'],
      line: 8,
      message: /SUMMARY has no ':'/,
    },
    {
      problem: 'an impossible DTSTART',
      lines: ['BEGIN:VCALENDAR', 'BEGIN:VEVENT', 'UID:x', 'DTSTART:20261345T250000Z', 'END:VEVENT', ...GOOD_EVENT, 'END:VCALENDAR'],
      line: 4,
      message: /DTSTART has an unreadable date or date-time "20261345T250000Z"/,
    },
    {
      problem: 'a DTEND in the wrong format',
      lines: ['BEGIN:VCALENDAR', 'BEGIN:VEVENT', 'UID:x', 'DTSTART:20261110T100000Z', 'DTEND:2026-11-10 11:00', 'END:VEVENT', 'END:VCALENDAR'],
      line: 5,
      message: /DTEND has an unreadable date/,
    },
    {
      problem: 'an unreadable RECURRENCE-ID',
      lines: ['BEGIN:VCALENDAR', 'BEGIN:VEVENT', 'UID:x', 'RECURRENCE-ID:tomorrow', 'DTSTART:20261110T100000Z', 'END:VEVENT', 'END:VCALENDAR'],
      line: 4,
      message: /RECURRENCE-ID has an unreadable date/,
    },
    {
      problem: 'one bad date in an EXDATE list',
      lines: ['BEGIN:VCALENDAR', 'BEGIN:VEVENT', 'UID:x', 'DTSTART:20261110T100000Z', 'RRULE:FREQ=DAILY', 'EXDATE:20261111T100000Z,2026111', 'END:VEVENT', 'END:VCALENDAR'],
      line: 6,
      message: /EXDATE has an unreadable date or date-time "2026111"/,
    },
    {
      problem: 'a rule ical.js cannot read',
      lines: ['BEGIN:VCALENDAR', 'BEGIN:VEVENT', 'UID:x', 'DTSTART:20261110T100000Z', 'RRULE:FREQ=SOMETIMES', 'END:VEVENT', 'END:VCALENDAR'],
      line: 5,
      message: /cannot read RRULE/,
    },
    {
      problem: 'a VEVENT without DTSTART',
      lines: ['BEGIN:VCALENDAR', ...GOOD_EVENT, 'BEGIN:VEVENT', 'UID:x', 'SUMMARY:When?', 'END:VEVENT', 'END:VCALENDAR'],
      line: 6,
      message: /VEVENT has no DTSTART/,
    },
    {
      problem: 'a VEVENT without UID',
      lines: ['BEGIN:VCALENDAR', 'BEGIN:VEVENT', 'DTSTART:20261110T100000Z', 'END:VEVENT', 'END:VCALENDAR'],
      line: 2,
      message: /VEVENT has no UID/,
    },
    {
      problem: 'a DTEND before DTSTART',
      lines: ['BEGIN:VCALENDAR', ...GOOD_EVENT, 'BEGIN:VEVENT', 'UID:x', 'DTSTART:20261110T100000Z', 'DTEND:20261110T090000Z', 'END:VEVENT', 'END:VCALENDAR'],
      line: 9,
      message: /DTEND is before DTSTART/,
    },
    {
      problem: 'an all-day DTEND before DTSTART',
      lines: ['BEGIN:VCALENDAR', 'BEGIN:VEVENT', 'UID:x', 'DTSTART;VALUE=DATE:20261110', 'DTEND;VALUE=DATE:20261109', 'END:VEVENT', 'END:VCALENDAR'],
      line: 5,
      message: /DTEND is before DTSTART/,
    },
    {
      problem: 'content after the calendar ends',
      lines: ['BEGIN:VCALENDAR', ...GOOD_EVENT, 'END:VCALENDAR', 'BEGIN:VCALENDAR'],
      line: 7,
      message: /content after END:VCALENDAR/,
    },
  ])('reports $problem with its line number and returns nothing', ({ lines, line, message }) => {
    const error = problemIn(lines);
    expect(error.line).toBe(line);
    expect(error.message).toMatch(message);
    expect(error.message).toContain(`(line ${line})`);
  });

  it('counts physical lines through folds and CRLF endings', () => {
    const lines = [
      'BEGIN:VCALENDAR',
      'BEGIN:VEVENT',
      'UID:folded@example.com',
      'SUMMARY:A title long enough that the exporter',
      '  folded it over',
      '\tthree lines',
      'DTSTART:2026111OT100000Z',
      'END:VEVENT',
      'END:VCALENDAR',
    ];
    expect(problemIn(lines, '\r\n').line).toBe(7);
    expect(problemIn(lines, '\n').line).toBe(7);
  });

  it('gives the user a sentence, not a stack trace', () => {
    const error = problemIn(['BEGIN:VCALENDAR', 'BEGIN:VEVENT', 'UID:x', 'DTSTART:nope', 'END:VEVENT', 'END:VCALENDAR']);
    expect(error.message).not.toMatch(/\n|\bat \S+ \(/);
    expect(error.name).toBe('MalformedCalendar');
  });
});

describe('folding (RFC 5545 §3.1)', () => {
  it('joins folded lines and restores a UTF-8 character split across the fold', () => {
    const utf8 = (text: string) => Buffer.from(text, 'utf8');
    const e = Buffer.from('ë', 'utf8'); // two bytes, split by the fold below
    const bytes = Buffer.concat([
      utf8('BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:fold@example.com\r\nDTSTART:20261110T100000Z\r\n'),
      utf8('SUMMARY:Coffee with Zo'),
      e.subarray(0, 1),
      utf8('\r\n '),
      e.subarray(1),
      utf8(' and\r\n\t friends\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n'),
    ]);
    expect(parseIcsEvents(bytes, YEAR_2026)[0]?.title).toBe('Coffee with Zoë and friends');
  });

  it('ignores a byte-order mark and blank lines', () => {
    const text = '\uFEFFBEGIN:VCALENDAR\n\nBEGIN:VEVENT\nUID:bom@example.com\nDTSTART:20261110T100000Z\nEND:VEVENT\nEND:VCALENDAR\n\n';
    expect(parseIcsEvents(text, YEAR_2026).map((event) => event.uid)).toEqual(['bom@example.com']);
  });
});
