import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseIcsEvents } from '../../../../lib/adapters/calendars/ics/adapter.js';
import { ExpansionReport } from '../../../../lib/adapters/calendars/ics/series.js';
import type { CalendarEvent } from '../../../../lib/core/domain/event.js';

const fixture = (name: string) => readFileSync(new URL(`../../../fixtures/ics/${name}`, import.meta.url));
const YEAR_2026 = { from: '2026-01-01T00:00:00Z', to: '2027-01-01T00:00:00Z' };
const summary = (event: CalendarEvent) => [event.start, event.end, event.title, event.status];

describe('a recurring series with exceptions', () => {
  const events = parseIcsEvents(fixture('weekly-exceptions.ics'), YEAR_2026);

  it('shows a moved instance once, at its new time, keyed by its original start', () => {
    const moved = events.filter((event) => event.recurrenceId === '2026-11-09T10:00:00.000Z');
    expect(moved).toHaveLength(1);
    expect(moved[0]).toMatchObject({
      start: '2026-11-10T15:00:00.000Z',
      end: '2026-11-10T16:00:00.000Z',
      title: 'Standup (moved to Tuesday)',
      instanceKey: 'standup@example.com|2026-11-09T10:00:00.000Z',
    });
    expect(events.some((event) => event.start === '2026-11-09T10:00:00.000Z')).toBe(false);
  });

  it('drops an EXDATE instance and keeps a cancelled one, marked cancelled', () => {
    expect(events.map(summary)).toEqual([
      ['2026-11-02T10:00:00.000Z', '2026-11-02T10:30:00.000Z', 'Standup', 'confirmed'],
      ['2026-11-10T15:00:00.000Z', '2026-11-10T16:00:00.000Z', 'Standup (moved to Tuesday)', 'confirmed'],
      ['2026-11-23T10:00:00.000Z', '2026-11-23T10:30:00.000Z', 'Standup', 'cancelled'],
      ['2026-11-30T10:00:00.000Z', '2026-11-30T10:30:00.000Z', 'Standup', 'confirmed'],
    ]);
  });

  it('gives every instance the series UID and a distinct instance key', () => {
    expect(new Set(events.map((event) => event.uid))).toEqual(new Set(['standup@example.com']));
    expect(new Set(events.map((event) => event.instanceKey)).size).toBe(events.length);
    expect(events[0]).toMatchObject({ recurrenceId: '2026-11-02T10:00:00.000Z', attendees: [
      { email: 'me@example.com', response: 'accepted', kind: 'person' },
      { email: 'kim@example.com', response: 'accepted', kind: 'person' },
    ] });
  });

  it('applies every EXDATE even when an earlier one matches no instance', () => {
    // ical.js 2.2.1 advances its EXDATE cursor once per instance, so two stray EXDATEs made it
    // keep the 3 Oct instance that the third one removes.
    const ics = [
      'BEGIN:VCALENDAR',
      'BEGIN:VEVENT',
      'UID:daily@example.com',
      'DTSTART:20261001T090000Z',
      'DTEND:20261001T093000Z',
      'RRULE:FREQ=DAILY;COUNT=4',
      'EXDATE:20261002T100000Z',
      'EXDATE:20261002T110000Z',
      'EXDATE:20261003T090000Z',
      'END:VEVENT',
      'END:VCALENDAR',
    ].join('\r\n');
    expect(parseIcsEvents(ics, YEAR_2026).map((event) => event.start)).toEqual([
      '2026-10-01T09:00:00.000Z',
      '2026-10-02T09:00:00.000Z',
      '2026-10-04T09:00:00.000Z',
    ]);
  });
});

describe('RDATE', () => {
  it('adds instances, including ones given as a PERIOD, which last the period rather than the series duration', () => {
    const ics = [
      'BEGIN:VCALENDAR',
      'BEGIN:VEVENT',
      'UID:extra@example.com',
      'DTSTART:20261101T100000Z',
      'DTEND:20261101T103000Z',
      'RRULE:FREQ=WEEKLY;COUNT=2',
      'RDATE:20261112T100000Z',
      'RDATE;VALUE=PERIOD:20261120T140000Z/PT1H,20261127T140000Z/20261127T160000Z',
      'END:VEVENT',
      'END:VCALENDAR',
    ].join('\r\n');
    expect(parseIcsEvents(ics, YEAR_2026).map((event) => [event.start, event.end])).toEqual([
      ['2026-11-01T10:00:00.000Z', '2026-11-01T10:30:00.000Z'],
      ['2026-11-08T10:00:00.000Z', '2026-11-08T10:30:00.000Z'],
      ['2026-11-12T10:00:00.000Z', '2026-11-12T10:30:00.000Z'],
      ['2026-11-20T14:00:00.000Z', '2026-11-20T15:00:00.000Z'],
      ['2026-11-27T14:00:00.000Z', '2026-11-27T16:00:00.000Z'],
    ]);
  });
});

describe('RECURRENCE-ID;RANGE=THISANDFUTURE', () => {
  const events = parseIcsEvents(fixture('this-and-future.ics'), YEAR_2026);

  it('leaves instances before the exception as they were', () => {
    expect(events.slice(0, 2).map(summary)).toEqual([
      ['2026-10-05T08:00:00.000Z', '2026-10-05T08:30:00.000Z', 'Design review', 'confirmed'],
      ['2026-10-12T08:00:00.000Z', '2026-10-12T08:30:00.000Z', 'Design review', 'confirmed'],
    ]);
  });

  it('moves that instance and every later one by the same wall-clock shift, with the new duration, title, status and attendees', () => {
    const later = events.slice(2);
    expect(later.map((event) => [event.recurrenceId, ...summary(event)])).toEqual([
      ['2026-10-19T08:00:00.000Z', '2026-10-19T13:00:00.000Z', '2026-10-19T14:00:00.000Z', 'Design review (afternoons)', 'tentative'],
      // After the DST change 14:00 London is 14:00Z: the shift is in wall-clock time.
      ['2026-10-26T09:00:00.000Z', '2026-10-26T14:00:00.000Z', '2026-10-26T15:00:00.000Z', 'Design review (afternoons)', 'tentative'],
      ['2026-11-02T09:00:00.000Z', '2026-11-03T11:00:00.000Z', '2026-11-03T11:30:00.000Z', 'Design review (one-off Tuesday)', 'confirmed'],
      ['2026-11-09T09:00:00.000Z', '2026-11-09T14:00:00.000Z', '2026-11-09T15:00:00.000Z', 'Design review (afternoons)', 'tentative'],
    ]);
    expect(later[1]?.attendees.map((attendee) => attendee.email)).toEqual(['lee@example.com']);
  });
});

describe('exceptions without their series', () => {
  it('emits each as a single event keyed by its own original start', () => {
    const events = parseIcsEvents(fixture('orphan-exception.ics'), YEAR_2026);
    expect(events.map((event) => [event.instanceKey, event.start, event.title])).toEqual([
      ['their-series@example.com|2026-11-10T09:00:00.000Z', '2026-11-10T09:30:00.000Z', 'The one instance I was invited to'],
      ['their-series@example.com|2026-11-17T09:00:00.000Z', '2026-11-17T09:00:00.000Z', 'And the next one'],
    ]);
  });
});

describe('an exception for the only instance of a non-recurring event', () => {
  it('replaces the event, which keeps its plain UID as key', () => {
    const ics = [
      'BEGIN:VCALENDAR',
      'BEGIN:VEVENT',
      'UID:once@example.com',
      'DTSTART:20261110T100000Z',
      'SUMMARY:Coffee',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'UID:once@example.com',
      'RECURRENCE-ID:20261110T100000Z',
      'DTSTART:20261111T120000Z',
      'SUMMARY:Coffee (moved)',
      'END:VEVENT',
      'END:VCALENDAR',
    ].join('\r\n');
    expect(parseIcsEvents(ics, YEAR_2026).map((event) => [event.instanceKey, event.start, event.title])).toEqual([
      ['once@example.com', '2026-11-11T12:00:00.000Z', 'Coffee (moved)'],
    ]);
  });
});

describe('the expansion window', () => {
  it('includes an instance that overlaps the window at either edge and nothing outside it', () => {
    const window = { from: '2026-11-02T10:15:00Z', to: '2026-11-23T10:00:00Z' };
    const starts = parseIcsEvents(fixture('weekly-exceptions.ics'), window).map((event) => event.start);
    // 2 Nov 10:00–10:30 overlaps the start; 23 Nov 10:00 starts exactly at the (exclusive) end.
    expect(starts).toEqual(['2026-11-02T10:00:00.000Z', '2026-11-10T15:00:00.000Z']);
  });

  it('includes an instance moved into the window from an original start after it', () => {
    const window = { from: '2026-11-10T00:00:00Z', to: '2026-11-11T00:00:00Z' };
    const events = parseIcsEvents(fixture('weekly-exceptions.ics'), window);
    expect(events.map((event) => event.instanceKey)).toEqual(['standup@example.com|2026-11-09T10:00:00.000Z']);
  });

  it('reads a daily series that began years before the window without hitting the cap', () => {
    const window = { from: '2026-11-23T00:00:00Z', to: '2026-11-28T00:00:00Z' };
    const standups = parseIcsEvents(fixture('daily-since-2015.ics'), window, { maxInstancesPerSeries: 50 })
      .filter((event) => event.uid === 'daily-standup@example.com');
    expect(standups.map((event) => event.start)).toEqual([
      '2026-11-23T09:30:00.000Z',
      '2026-11-24T09:30:00.000Z',
      '2026-11-25T09:30:00.000Z',
      '2026-11-26T09:30:00.000Z',
      '2026-11-27T09:30:00.000Z',
    ]);
  });

  it('stops a series at the per-series cap', () => {
    const window = { from: '2015-01-01T00:00:00Z', to: '2015-02-01T00:00:00Z' };
    const events = parseIcsEvents(fixture('daily-since-2015.ics'), window, { maxInstancesPerSeries: 3 });
    expect(events.map((event) => event.start)).toEqual([
      '2015-01-05T09:30:00.000Z',
      '2015-01-06T09:30:00.000Z',
      '2015-01-07T09:30:00.000Z',
    ]);
  });

  it('gives up on a runaway rule after a bounded amount of work instead of hanging the sync, and says so', () => {
    const window = { from: '2026-11-23T00:00:00Z', to: '2026-11-28T00:00:00Z' };
    const report = new ExpansionReport();
    const events = parseIcsEvents(fixture('daily-since-2015.ics'), window, { report });
    // FREQ=SECONDLY from 2000 would need ~850 million steps to reach 2026: the series is read
    // for its first 5,000 instances (the per-series cap), then reported cut short, busy after.
    expect(report.truncated).toEqual([{ uid: 'every-second@example.com', afterMs: Date.parse('2000-01-01T01:23:19Z') }]);
    expect(events.filter((event) => event.uid === 'every-second@example.com')).toEqual([]);
    expect(events).toHaveLength(5);
  });
});
