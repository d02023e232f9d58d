import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createIcsSource, parseIcsEvents } from '../../../../lib/adapters/calendars/ics/adapter.js';
import { mergeSpans } from '../../../../lib/core/domain/busy-time.js';

const dir = mkdtempSync(join(tmpdir(), 'rapport-notes-'));
const file = (name: string, lines: string[]) => {
  const path = join(dir, name);
  writeFileSync(path, ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN', ...lines, 'END:VCALENDAR', ''].join('\r\n'));
  return path;
};
const event = (uid: string, ...props: string[]) => ['BEGIN:VEVENT', `UID:${uid}`, ...props, 'END:VEVENT'];

describe('what a calendar read could not take as written is said, never silent', () => {
  it('an hourly all-day busy block cut at the instance cap leaves everything after the cut busy, not free', async () => {
    const path = file('hourly.ics', event('hourly@test', 'DTSTART:20261101T000000Z', 'DTEND:20261101T010000Z', 'RRULE:FREQ=HOURLY', 'SUMMARY:Busy'));
    const window = { from: '2026-11-01T00:00:00.000Z', to: '2027-01-31T00:00:00.000Z' };
    const busy = await createIcsSource({ source: path, maxInstancesPerSeries: 500 }).readBusy(window);
    // 500 hourly instances reach into 21 November; from there to the window's end is busy too.
    const merged = mergeSpans(busy.map((b) => ({ startMs: Date.parse(b.start), endMs: Date.parse(b.end) })));
    expect(merged).toEqual([{ startMs: Date.parse(window.from), endMs: Date.parse(window.to) }]);
  });

  it('a snapshot carries the warnings and where the read stopped, for the connection page', async () => {
    const path = file('mixed.ics', [
      ...event('untl@test', 'DTSTART:20261102T090000Z', 'DTEND:20261102T093000Z', 'RRULE:FREQ=WEEKLY;UNTL=20261201T000000Z', 'SUMMARY:Weekly'),
      ...event('tick@test', 'DTSTART:20261103T000000Z', 'DTEND:20261103T000100Z', 'RRULE:FREQ=MINUTELY', 'SUMMARY:Tick'),
    ]);
    const changes = await createIcsSource({ source: path }).readChanges(null, { from: '2026-11-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z' });
    expect(changes.kind).toBe('snapshot');
    const reading = changes.kind === 'snapshot' ? changes.reading : undefined;
    expect(reading?.readUntil).toMatch(/^2026-11-0\dT/);
    expect(reading?.warnings).toEqual(
      expect.arrayContaining([expect.stringContaining('untl@test: invalid: RRULE has an unknown part UNTL'), expect.stringMatching(/^tick@test: the series repeats too often/)]),
    );
  });

  it("floating times are read in the calendar's own X-WR-TIMEZONE, else in the zone the caller gives", () => {
    const lines = [...event('floating@test', 'DTSTART:20261110T090000', 'DTEND:20261110T093000', 'SUMMARY:Local')];
    const window = { from: '2026-11-01T00:00:00Z', to: '2026-12-01T00:00:00Z' };
    const text = (extra: string[]) => ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN', ...extra, ...lines, 'END:VCALENDAR', ''].join('\r\n');
    expect(parseIcsEvents(text(['X-WR-TIMEZONE:America/New_York']), window, { floatingTimeZone: 'Asia/Tokyo' })[0]?.start).toBe('2026-11-10T14:00:00.000Z');
    expect(parseIcsEvents(text([]), window, { floatingTimeZone: 'Asia/Tokyo' })[0]?.start).toBe('2026-11-10T00:00:00.000Z');
    expect(parseIcsEvents(text(['X-WR-TIMEZONE:Not/AZone']), window, { floatingTimeZone: 'Asia/Tokyo' })[0]?.start).toBe('2026-11-10T00:00:00.000Z');
  });
});
