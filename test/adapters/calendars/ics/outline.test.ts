import { IANAZone } from 'luxon';
import { describe, expect, it } from 'vitest';
import { parseIcsEvents, windowMsOf } from '../../../../lib/adapters/calendars/ics/events.js';
import { expandCalendar } from '../../../../lib/adapters/calendars/ics/expand.js';
import { parseCalendar } from '../../../../lib/adapters/calendars/ics/parse.js';
import { ExpansionReport } from '../../../../lib/adapters/calendars/ics/series.js';

/**
 * Single events far outside the window are kept only as outlines while parsing (outline.ts),
 * to save memory on big feeds. Whatever the feed, the events read and what is said about them
 * must be exactly those of reading every event whole.
 */

const WINDOW = { from: '2026-11-01T00:00:00Z', to: '2026-12-01T00:00:00Z' };
const calendar = (...lines: string[]) => ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN', ...lines, 'END:VCALENDAR'].join('\r\n') + '\r\n';
const event = (...lines: string[]) => ['BEGIN:VEVENT', ...lines, 'ATTENDEE;CN=Jane;PARTSTAT=ACCEPTED:mailto:jane@example.com', 'END:VEVENT'];

function readBothWays(ics: string) {
  const outlined = new ExpansionReport();
  const events = parseIcsEvents(ics, WINDOW, { report: outlined });
  const whole = new ExpansionReport();
  const parsed = parseCalendar(ics);
  whole.calendarWarnings.push(...parsed.warnings);
  for (const bad of parsed.invalid) whole.warnings.push({ uid: bad.uid ?? `(event on line ${bad.line})`, reason: bad.reason });
  const expected = expandCalendar(parsed, { window: windowMsOf(WINDOW), floating: IANAZone.create('UTC'), maxInstancesPerSeries: 5_000, report: whole });
  return { events, expected, lines: outlined.lines(), expectedLines: whole.lines() };
}

describe('single events far outside the window, read as outlines', () => {
  it('an exception that moves a far-away single event into the window is read with its own title and people', () => {
    const ics = calendar(
      ...event('UID:moved@test', 'DTSTART:20260301T100000Z', 'DTEND:20260301T110000Z', 'SUMMARY:Original'),
      ...event('UID:moved@test', 'RECURRENCE-ID:20260301T100000Z', 'DTSTART:20261110T100000Z', 'DTEND:20261110T110000Z', 'SUMMARY:Moved'),
    );
    const { events, expected } = readBothWays(ics);
    expect(events.map((e) => [e.title, e.start, e.attendees.length])).toEqual([['Moved', '2026-11-10T10:00:00.000Z', 1]]);
    expect(events).toEqual(expected);
  });

  it('a newer copy far outside the window still wins over an older copy inside it', () => {
    const ics = calendar(
      ...event('UID:rescheduled@test', 'SEQUENCE:0', 'DTSTART:20261110T100000Z', 'DTEND:20261110T110000Z', 'SUMMARY:Before'),
      ...event('UID:rescheduled@test', 'SEQUENCE:1', 'DTSTART:20270310T100000Z', 'DTEND:20270310T110000Z', 'SUMMARY:After'),
      ...event('UID:kept@test', 'SEQUENCE:2', 'DTSTART:20270310T100000Z', 'DTEND:20270310T110000Z', 'SUMMARY:Far'),
      ...event('UID:kept@test', 'SEQUENCE:1', 'DTSTART:20261111T100000Z', 'DTEND:20261111T110000Z', 'SUMMARY:Older'),
    );
    const { events, expected } = readBothWays(ics);
    expect(events).toEqual([]);
    expect(events).toEqual(expected);
  });

  it('events near the edges, long ones, all-day ones and ones in far zones read as when whole', () => {
    const ics = calendar(
      'BEGIN:VTIMEZONE', 'TZID:Far East', 'BEGIN:STANDARD', 'DTSTART:19700101T000000', 'TZOFFSETFROM:+1400', 'TZOFFSETTO:+1400', 'END:STANDARD', 'END:VTIMEZONE',
      ...event('UID:edge-before@test', 'DTSTART;TZID=Far East:20261101T080000', 'DTEND;TZID=Far East:20261101T150000', 'SUMMARY:Edge before'),
      ...event('UID:edge-after@test', 'DTSTART:20261130T233000', 'DURATION:PT1H', 'SUMMARY:Edge after (floating)'),
      ...event('UID:long@test', 'DTSTART:20260901T090000Z', 'DURATION:P90D', 'SUMMARY:Long'),
      ...event('UID:all-day@test', 'DTSTART;VALUE=DATE:20261130', 'SUMMARY:All day'),
      ...event('UID:backwards@test', 'DTSTART:20261115T110000Z', 'DTEND:20261115T100000Z', 'SUMMARY:Backwards'),
      ...event('UID:far-bad@test', 'DTSTART:20200101T100000Z', 'DTEND;TZID=Nowhere/Zone:20200101T090000', 'SUMMARY:Far and broken'),
      ...event('UID:far@test', 'DTSTART:20200101T100000Z', 'DTEND:20200101T110000Z', 'SUMMARY:Far'),
    );
    const { events, expected, lines, expectedLines } = readBothWays(ics);
    expect(events.map((e) => e.title)).toEqual(['Long', 'Edge before', 'Backwards', 'All day', 'Edge after (floating)']);
    expect(events).toEqual(expected);
    expect(lines).toEqual(expectedLines);
  });
});
