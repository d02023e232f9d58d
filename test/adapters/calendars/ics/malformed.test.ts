import { describe, expect, it } from 'vitest';
import { parseIcsEvents } from '../../../../lib/adapters/calendars/ics/adapter.js';
import { ExpansionReport } from '../../../../lib/adapters/calendars/ics/series.js';
import { MalformedCalendar } from '../../../../lib/core/ports/calendar.js';

const YEAR_2026 = { from: '2026-01-01T00:00:00Z', to: '2027-01-01T00:00:00Z' };

/** A valid event to sit next to the broken one: it is always read. */
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

function read(lines: string[], eol = '\n') {
  const report = new ExpansionReport();
  const events = parseIcsEvents(lines.join(eol), YEAR_2026, { report });
  return { uids: events.map((e) => e.uid), invalid: report.warnings, warnings: report.calendarWarnings };
}

describe('a file that is not a calendar is refused whole, with the line', () => {
  it.each([
    { problem: 'text that is not a calendar', lines: ['<!doctype html>', '<p>Sign in</p>'], line: 1, message: /does not start with BEGIN:VCALENDAR/ },
    { problem: 'an empty file', lines: [''], line: 1, message: /does not start with BEGIN:VCALENDAR/ },
    { problem: 'a calendar that is never closed', lines: ['BEGIN:VCALENDAR', ...GOOD_EVENT], line: 1, message: /BEGIN:VCALENDAR is never closed/ },
    { problem: 'content after the calendar ends', lines: ['BEGIN:VCALENDAR', ...GOOD_EVENT, 'END:VCALENDAR', 'BEGIN:VCALENDAR'], line: 7, message: /content after END:VCALENDAR/ },
  ])('$problem', ({ lines, line, message }) => {
    const error = problemIn(lines);
    expect(error.line).toBe(line);
    expect(error.message).toMatch(message);
    expect(error.message).not.toMatch(/\n|\bat \S+ \(/);
  });
});

describe('one event that cannot be read never refuses the calendar: it is left out, with its reason and line', () => {
  it.each([
    { problem: 'an impossible DTSTART', lines: ['BEGIN:VEVENT', 'UID:x', 'DTSTART:20261345T250000Z', 'END:VEVENT'], reason: /^invalid: DTSTART has an unreadable date or date-time "20261345T250000Z" \(line 4\)$/ },
    { problem: 'a DTEND in the wrong format', lines: ['BEGIN:VEVENT', 'UID:x', 'DTSTART:20261110T100000Z', 'DTEND:2026-11-10 11:00', 'END:VEVENT'], reason: /^invalid: DTEND has an unreadable date.*\(line 5\)$/ },
    { problem: 'an unreadable RECURRENCE-ID', lines: ['BEGIN:VEVENT', 'UID:x', 'RECURRENCE-ID:tomorrow', 'DTSTART:20261110T100000Z', 'END:VEVENT'], reason: /^invalid: RECURRENCE-ID has an unreadable date.*\(line 4\)$/ },
    { problem: 'one bad date in an EXDATE list', lines: ['BEGIN:VEVENT', 'UID:x', 'DTSTART:20261110T100000Z', 'RRULE:FREQ=DAILY', 'EXDATE:20261111T100000Z,2026111', 'END:VEVENT'], reason: /^invalid: EXDATE has an unreadable date or date-time "2026111" \(line 6\)$/ },
    { problem: 'a VEVENT without DTSTART', lines: ['BEGIN:VEVENT', 'UID:x', 'SUMMARY:When?', 'END:VEVENT'], reason: /^invalid: VEVENT has no DTSTART$/ },
    {
      problem: 'a DTEND before DTSTART in another zone',
      lines: ['BEGIN:VEVENT', 'UID:x', 'DTSTART;TZID=Europe/London:20261110T100000', 'DTEND;TZID=America/New_York:20261110T040000', 'END:VEVENT'],
      reason: /^invalid: DTEND is before DTSTART \(line 5\)$/,
    },
    { problem: 'an empty RRULE', lines: ['BEGIN:VEVENT', 'UID:x', 'DTSTART:20261110T100000Z', 'RRULE:', 'END:VEVENT'], reason: /^invalid: .*RRULE/ },
    { problem: 'a rule with an unknown frequency', lines: ['BEGIN:VEVENT', 'UID:x', 'DTSTART:20261110T100000Z', 'RRULE:FREQ=SOMETIMES', 'END:VEVENT'], reason: /^invalid: .*FREQ/ },
  ])('$problem', ({ lines, reason }) => {
    const result = read(['BEGIN:VCALENDAR', ...lines, ...GOOD_EVENT, 'END:VCALENDAR']);
    expect(result.uids).toContain('good@example.com');
    const said = result.invalid.filter((w) => w.uid === 'x');
    expect(said.map((w) => w.reason)).toEqual([expect.stringMatching(reason)]);
    for (const w of result.invalid) expect(w.reason).not.toMatch(/Cannot read properties|undefined|\bat \S+ \(/);
  });

  it('a DTEND before its DTSTART in the same zone is read swapped, and said', () => {
    for (const [start, end, from, to] of [
      ['DTSTART:20261110T100000Z', 'DTEND:20261110T090000Z', '2026-11-10T09:00:00.000Z', '2026-11-10T10:00:00.000Z'],
      ['DTSTART;VALUE=DATE:20261110', 'DTEND;VALUE=DATE:20261108', '2026-11-08T00:00:00.000Z', '2026-11-10T00:00:00.000Z'],
    ] as const) {
      const report = new ExpansionReport();
      const [event] = parseIcsEvents(['BEGIN:VCALENDAR', 'BEGIN:VEVENT', 'UID:x', start, end, 'END:VEVENT', 'END:VCALENDAR'].join('\n'), YEAR_2026, { report });
      expect(event).toMatchObject({ start: from, end: to });
      expect(report.calendarWarnings).toEqual(['the event on line 2 ends before it starts; it was read as running from its DTEND to its DTSTART']);
    }
  });

  it('an event without a UID gets a stable one derived from its content, the same on every read', () => {
    const lines = ['BEGIN:VCALENDAR', 'BEGIN:VEVENT', 'DTSTART:20261110T100000Z', 'SUMMARY:No id', 'END:VEVENT', ...GOOD_EVENT, 'END:VCALENDAR'];
    const first = read(lines).uids;
    expect(first).toHaveLength(2);
    expect(first[0]).toMatch(/^derived-[0-9a-f]{24}@rapport$/);
    expect(read(lines).uids).toEqual(first);
    const other = read(lines.map((l) => (l === 'SUMMARY:No id' ? 'SUMMARY:Another' : l))).uids;
    expect(other[0]).not.toBe(first[0]);
  });

  it('a folded line that lost its leading space is skipped and said; its event is kept', () => {
    const result = read(['BEGIN:VCALENDAR', 'BEGIN:VEVENT', 'UID:x', 'DESCRIPTION:a long description that', 'continued here without its space', 'DTSTART:20261110T100000Z', 'END:VEVENT', 'END:VCALENDAR']);
    expect(result.uids).toEqual(['x']);
    expect(result.warnings).toEqual([expect.stringContaining('line 5 is not a property')]);
  });

  it('a misspelled END, a lost END and a stray END are repaired and said; every event is read', () => {
    const misspelled = read(['BEGIN:VCALENDAR', 'BEGIN:VEVENT', 'UID:x', 'DTSTART:20261110T100000Z', 'END:VEVNT', ...GOOD_EVENT, 'END:VCALENDAR']);
    expect(misspelled.uids.sort()).toEqual(['good@example.com', 'x']);
    expect(misspelled.warnings).toEqual(['END:VEVNT on line 5 was read as END:VEVENT']);

    const lost = read(['BEGIN:VCALENDAR', 'BEGIN:VEVENT', 'UID:x', 'DTSTART:20261110T100000Z', ...GOOD_EVENT, 'END:VCALENDAR']);
    expect(lost.uids.sort()).toEqual(['good@example.com', 'x']);
    expect(lost.warnings).toEqual([expect.stringContaining('has no END:VEVENT')]);

    const closedByCalendar = read(['BEGIN:VCALENDAR', ...GOOD_EVENT, 'BEGIN:VEVENT', 'UID:x', 'DTSTART:20261110T100000Z', 'END:VCALENDAR']);
    expect(closedByCalendar.uids.sort()).toEqual(['good@example.com', 'x']);

    const stray = read(['BEGIN:VCALENDAR', 'END:VEVENT', ...GOOD_EVENT, 'END:VCALENDAR']);
    expect(stray.uids).toEqual(['good@example.com']);
    expect(stray.warnings).toEqual(['END:VEVENT on line 2 closes nothing and was skipped']);
  });

  it('one broken event among 1,000: the other 999 are read', () => {
    const events = Array.from({ length: 1000 }, (_, i) => {
      const day = String((i % 28) + 1).padStart(2, '0');
      const dtstart = i === 500 ? 'DTSTART:2026-11-10' : `DTSTART:202611${day}T100000Z`;
      return ['BEGIN:VEVENT', `UID:e${i}@test`, dtstart, 'END:VEVENT'];
    });
    const result = read(['BEGIN:VCALENDAR', ...events.flat(), 'END:VCALENDAR']);
    expect(result.uids).toHaveLength(999);
    expect(result.invalid).toEqual([{ uid: 'e500@test', reason: expect.stringMatching(/^invalid: DTSTART has an unreadable date/) }]);
  });

  it('counts physical lines through folds and CRLF endings', () => {
    const lines = ['BEGIN:VCALENDAR', 'BEGIN:VEVENT', 'UID:folded@example.com', 'SUMMARY:A title long enough that the exporter', '  folded it over', '\tthree lines', 'DTSTART:2026111OT100000Z', 'END:VEVENT', 'END:VCALENDAR'];
    for (const eol of ['\r\n', '\n']) expect(read(lines, eol).invalid[0]?.reason).toMatch(/\(line 7\)$/);
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
