import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createIcsSource, FeedTooLarge } from '../../../../lib/adapters/calendars/ics/adapter.js';
import { CalendarUnavailable, MalformedCalendar } from '../../../../lib/core/ports/calendar.js';
import { type CalendarChanges } from '../../../../lib/core/domain/event.js';

const WINDOW = { from: '2026-11-01T00:00:00Z', to: '2026-12-01T00:00:00Z' };

const calendarWith = (...summaries: string[]) =>
  [
    'BEGIN:VCALENDAR',
    ...summaries.flatMap((summary, index) => [
      'BEGIN:VEVENT',
      `UID:event-${index}@example.com`,
      `DTSTART:202611${String(10 + index)}T100000Z`,
      'DTEND:20261130T110000Z',
      `SUMMARY:${summary}`,
      'END:VEVENT',
    ]),
    'END:VCALENDAR',
  ].join('\r\n');

const titles = (changes: CalendarChanges) => (changes.kind === 'unchanged' ? [] : changes.events.map((event) => event.title));

describe('an ICS file as a calendar source', () => {
  let dir: string;
  let path: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rapport-ics-'));
    path = join(dir, 'calendar.ics');
    await writeFile(path, calendarWith('Coffee'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('reads a snapshot first, then reports an untouched file as unchanged', async () => {
    const source = createIcsSource({ source: path });
    const first = await source.readChanges(null, WINDOW);
    expect(first.kind).toBe('snapshot');
    expect(titles(first)).toEqual(['Coffee']);
    expect(first.cursor).toEqual(expect.any(String));

    const second = await source.readChanges(first.cursor, WINDOW);
    expect(second).toEqual({ kind: 'unchanged', cursor: first.cursor });
  });

  it('reads the file again when it changes', async () => {
    const source = createIcsSource({ source: path });
    const first = await source.readChanges(null, WINDOW);
    await writeFile(path, calendarWith('Coffee', 'Lunch'));
    await utimes(path, new Date('2030-01-01T00:00:00Z'), new Date('2030-01-01T00:00:00Z'));

    const second = await source.readChanges(first.cursor, WINDOW);
    expect(second.kind).toBe('snapshot');
    expect(titles(second)).toEqual(['Coffee', 'Lunch']);
    expect(second.cursor).not.toBe(first.cursor);
  });

  it('treats a touched file with the same bytes as unchanged', async () => {
    const source = createIcsSource({ source: pathToFileURL(path).href });
    const first = await source.readChanges(null, WINDOW);
    await utimes(path, new Date('2030-01-01T00:00:00Z'), new Date('2030-01-01T00:00:00Z'));

    const second = await source.readChanges(first.cursor, WINDOW);
    expect(second.kind).toBe('unchanged');
    const third = await source.readChanges(second.cursor, WINDOW);
    expect(third).toEqual({ kind: 'unchanged', cursor: second.cursor });
  });

  it('reads a snapshot again when the window moves past what the last one covered', async () => {
    const source = createIcsSource({ source: path });
    const first = await source.readChanges(null, WINDOW);
    const later = await source.readChanges(first.cursor, { from: '2026-11-15T00:00:00Z', to: '2026-12-15T00:00:00Z' });
    expect(later.kind).toBe('snapshot');
    // A window inside the covered one (the same sync a few minutes later) is still unchanged.
    const slightlyLater = await source.readChanges(first.cursor, { from: '2026-11-01T00:15:00Z', to: '2026-12-01T00:15:00Z' });
    expect(slightlyLater.kind).toBe('unchanged');
  });

  it('starts over when given a cursor it cannot read', async () => {
    const changes = await createIcsSource({ source: path }).readChanges('{"syncToken":"from-google"}', WINDOW);
    expect(changes.kind).toBe('snapshot');
  });

  it('says plainly that a file is missing', async () => {
    const source = createIcsSource({ source: join(dir, 'nope.ics') });
    const failure = source.readChanges(null, WINDOW);
    await expect(failure).rejects.toBeInstanceOf(CalendarUnavailable);
    await expect(failure).rejects.toThrow(`Cannot read the calendar file ${join(dir, 'nope.ics')}: no such file`);
  });

  it('refuses a file larger than the limit', async () => {
    const failure = createIcsSource({ source: path, maxBytes: 64 }).readChanges(null, WINDOW);
    await expect(failure).rejects.toBeInstanceOf(FeedTooLarge);
    await expect(failure).rejects.toThrow(/larger than the 64 bytes limit/);
  });

  it('refuses a file that is not a calendar, and leaves out (with its reason) an event it cannot read', async () => {
    await writeFile(path, '<!doctype html><p>Sign in</p>');
    await expect(createIcsSource({ source: path }).readChanges(null, WINDOW)).rejects.toThrow(MalformedCalendar);
    await writeFile(path, calendarWith('Coffee').replace('DTSTART:20261110T100000Z', 'DTSTART:20261110T1000'));
    const changes = await createIcsSource({ source: path }).readChanges(null, WINDOW);
    expect(changes.kind === 'snapshot' && changes.events).toEqual([]);
    expect(changes.kind === 'snapshot' && changes.reading?.warnings).toEqual([expect.stringMatching(/: invalid: .*\(line \d+\)/)]);
  });

  it('rejects a source that is neither a file nor an http(s) address', () => {
    expect(() => createIcsSource({ source: 'ftp://example.com/cal.ics' })).toThrow(CalendarUnavailable);
    expect(() => createIcsSource({ source: '  ' })).toThrow(/No calendar feed address/);
  });
});
