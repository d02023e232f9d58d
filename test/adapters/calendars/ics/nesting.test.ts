import { describe, expect, it } from 'vitest';
import { parseIcsEvents } from '../../../../lib/adapters/calendars/ics/events.js';
import { MAX_COMPONENT_DEPTH, parseCalendar } from '../../../../lib/adapters/calendars/ics/parse.js';

const WINDOW = { from: '2026-11-01T00:00:00Z', to: '2026-12-01T00:00:00Z' };

function nested(levels: number): string {
  const head = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN'].join('\r\n') + '\r\n';
  const deep = 'BEGIN:X-NEST\r\n'.repeat(levels) + 'X-DEEP:1\r\n' + 'END:X-NEST\r\n'.repeat(levels);
  const tail = ['BEGIN:VEVENT', 'UID:kept@test', 'DTSTART:20261110T100000Z', 'DTEND:20261110T110000Z', 'SUMMARY:Kept', 'END:VEVENT', 'END:VCALENDAR'].join('\r\n') + '\r\n';
  return head + deep + tail;
}

describe('components nested absurdly deep', () => {
  it('are skipped with a warning, and the rest of the calendar is read (no stack overflow)', () => {
    const text = nested(200_000);
    const parsed = parseCalendar(text);
    expect(parsed.warnings).toEqual([expect.stringMatching(new RegExp(`nested more than ${MAX_COMPONENT_DEPTH} levels deep were skipped`))]);
    expect(parseIcsEvents(text, WINDOW).map((e) => e.title)).toEqual(['Kept']);
  });

  it('real nesting (an alarm in an event, a rule in a zone) is read as before, without warnings', () => {
    expect(parseCalendar(nested(MAX_COMPONENT_DEPTH - 1)).warnings).toEqual([]);
  });
});
