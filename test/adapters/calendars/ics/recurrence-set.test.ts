import ICAL from 'ical.js';
import { IANAZone } from 'luxon';
import { describe, expect, it } from 'vitest';
import { parseIcsEvents, windowMsOf } from '../../../../lib/adapters/calendars/ics/events.js';
import { parseCalendar } from '../../../../lib/adapters/calendars/ics/parse.js';
import { ExpansionReport, expandSeries } from '../../../../lib/adapters/calendars/ics/series.js';
import { createTimeline } from '../../../../lib/adapters/calendars/ics/timing.js';

/** Calendars written for these tests: the recurrence set (RFC 5545 §3.8.5.3) as Outlook, Apple and hand-made feeds write it. */

const calendar = (...lines: string[]) => ['BEGIN:VCALENDAR', 'VERSION:2.0', ...lines, 'END:VCALENDAR'].join('\r\n');
const event = (...lines: string[]) => ['BEGIN:VEVENT', ...lines, 'END:VEVENT'];
const YEAR_2023 = { from: '2023-01-01T00:00:00Z', to: '2024-01-01T00:00:00Z' };
const YEAR_2026 = { from: '2026-01-01T00:00:00Z', to: '2027-01-01T00:00:00Z' };

function read(ics: string, window = YEAR_2026, maxInstancesPerSeries?: number) {
  const report = new ExpansionReport();
  const events = parseIcsEvents(ics, window, { report, ...(maxInstancesPerSeries ? { maxInstancesPerSeries } : {}) });
  return { events, starts: events.map((item) => item.start), report };
}

/** The one series in `ics`, expanded with an explicit step budget. */
function seriesOf(ics: string, window: { from: string; to: string }, options: { maxSteps: number }) {
  const parsed = parseCalendar(ics);
  const master = parsed.root.getFirstSubcomponent('vevent')!;
  const series = expandSeries(master, new Map(), createTimeline(parsed, IANAZone.create('UTC')), { window: windowMsOf(window), maxInstances: 5_000, ...options });
  const truncatedAfter = series.truncatedAfterMs === undefined ? undefined : new Date(series.truncatedAfterMs).toISOString();
  return { starts: series.occurrences.map((item) => new Date(item.startMs).toISOString()), truncatedAfter };
}

describe('two RRULEs on one event', () => {
  it('both count: twelve Mondays and ten Thursdays make 22 instances', () => {
    const { starts } = read(calendar(...event(
      'UID:two-rules@example.com',
      'DTSTART;TZID=Europe/London:20230102T100000',
      'DTEND;TZID=Europe/London:20230102T103000',
      'RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=12',
      'RRULE:FREQ=WEEKLY;BYDAY=TH;COUNT=11',
    )), YEAR_2023);
    expect(starts).toHaveLength(22);
    expect(starts.slice(0, 4)).toEqual(['2023-01-02T10:00:00.000Z', '2023-01-05T10:00:00.000Z', '2023-01-09T10:00:00.000Z', '2023-01-12T10:00:00.000Z']);
    expect(starts.at(-1)).toBe('2023-03-20T10:00:00.000Z');
  });
});

describe('a rule that cannot be read exactly', () => {
  const single = (rule: string) => calendar(...event('UID:bad-rule@example.com', 'DTSTART:20260105T090000Z', 'DTEND:20260105T093000Z', rule, 'SUMMARY:Weekly'));

  it.each([
    ['RRULE:FREQ=WEEKLY;UNTL=20260301T000000Z', 'invalid: RRULE has an unknown part UNTL'],
    ['RRULE:FREQ=WEEKLY;COUNT=0', 'invalid: RRULE COUNT=0 must be a positive integer'],
    ['RRULE:FREQ=WEEKLY;COUNT=-1', 'invalid: RRULE COUNT=-1 must be a positive integer'],
    ['RRULE:', 'invalid: RRULE is empty'],
  ])('%s is skipped with a reason, and the event keeps only its own start', (rule, reason) => {
    const { starts, report } = read(single(rule));
    expect(starts).toEqual(['2026-01-05T09:00:00.000Z']);
    expect(report.warnings).toEqual([{ uid: 'bad-rule@example.com', reason }]);
  });

  it('does not stop a second, valid RRULE of the same event', () => {
    const { starts, report } = read(calendar(...event(
      'UID:half-bad@example.com', 'DTSTART:20260105T090000Z', 'RRULE:FREQ=DAILY;UNTL=20260110', 'RRULE:FREQ=WEEKLY;COUNT=3',
    )));
    expect(starts).toEqual(['2026-01-05T09:00:00.000Z', '2026-01-12T09:00:00.000Z', '2026-01-19T09:00:00.000Z']);
    expect(report.warnings.map((warning) => warning.reason)).toEqual(['invalid: RRULE has an unknown part UNTL']);
  });
});

describe('UNTIL in UTC on an all-day series', () => {
  it('includes every day that starts (in the floating zone) no later than UNTIL', () => {
    const ics = calendar(...event('UID:trip@example.com', 'DTSTART;VALUE=DATE:20260101', 'RRULE:FREQ=DAILY;UNTIL=20260103T120000Z'));
    expect(read(ics).starts).toEqual(['2026-01-01T00:00:00.000Z', '2026-01-02T00:00:00.000Z', '2026-01-03T00:00:00.000Z']);
    const inAuckland = parseIcsEvents(ics, YEAR_2026, { floatingTimeZone: 'Pacific/Auckland' }).map((item) => item.start);
    // 12:00Z on 3 January is 01:00 on the 4th in Auckland: the 4th has begun, so it counts.
    expect(inAuckland).toEqual(['2025-12-31T11:00:00.000Z', '2026-01-01T11:00:00.000Z', '2026-01-02T11:00:00.000Z', '2026-01-03T11:00:00.000Z']);
  });
});

describe('dates that do not exist', () => {
  it('30 February is skipped, never moved to 2 March', () => {
    const { starts, report } = read(calendar(...event(
      'UID:feb-30@example.com', 'DTSTART;VALUE=DATE:20260130', 'RRULE:FREQ=MONTHLY;BYMONTHDAY=30;COUNT=4',
    )));
    expect(starts).toEqual(['2026-01-30T00:00:00.000Z', '2026-03-30T00:00:00.000Z', '2026-04-30T00:00:00.000Z', '2026-05-30T00:00:00.000Z']);
    expect(report.warnings).toEqual([]);
  });

  it('a rule on 30 February alone gives the event its own start and nothing more, in a bounded number of steps', () => {
    const ics = calendar(...event('UID:never@example.com', 'DTSTART:20260101T090000Z', 'RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30'));
    const { starts, report } = read(ics);
    expect(starts).toEqual(['2026-01-01T09:00:00.000Z']);
    expect(report.truncated).toEqual([]);
    // The search ends at the window, not at the budget: a thousand steps (the default allows
    // 200,000) read the whole year without a cut, and a hundred are reported as a cut.
    expect(seriesOf(ics, YEAR_2026, { maxSteps: 1_000 })).toEqual({ starts: ['2026-01-01T09:00:00.000Z'], truncatedAfter: undefined });
    expect(seriesOf(ics, YEAR_2026, { maxSteps: 100 }).truncatedAfter).toBe('2026-01-01T09:00:00.000Z');
  });
});

describe('rules the ical.js iterator hung on', () => {
  it('FREQ=DAILY;BYMONTHDAY=-1 gives the last day of each month', () => {
    const { starts } = read(calendar(...event('UID:month-end@example.com', 'DTSTART;TZID=Europe/Berlin:20260131T170000', 'RRULE:FREQ=DAILY;BYMONTHDAY=-1;COUNT=4')));
    expect(starts).toEqual(['2026-01-31T16:00:00.000Z', '2026-02-28T16:00:00.000Z', '2026-03-31T15:00:00.000Z', '2026-04-30T15:00:00.000Z']);
  });
});

describe('exceptions the series no longer has', () => {
  const weekly = (...extra: string[]) => [
    'UID:review@example.com', 'DTSTART:20260105T090000Z', 'DTEND:20260105T100000Z', 'SUMMARY:Review', ...extra,
  ];

  it('are dropped beyond a shortened UNTIL, with the reason', () => {
    const { starts, report } = read(calendar(
      ...event(...weekly('SEQUENCE:2', 'RRULE:FREQ=WEEKLY;UNTIL=20260112T235959Z')),
      ...event('UID:review@example.com', 'SEQUENCE:1', 'RECURRENCE-ID:20260126T090000Z', 'DTSTART:20260127T090000Z', 'DTEND:20260127T100000Z', 'SUMMARY:Review (moved)'),
    ));
    expect(starts).toEqual(['2026-01-05T09:00:00.000Z', '2026-01-12T09:00:00.000Z']);
    expect(report.warnings).toEqual([{
      uid: 'review@example.com',
      reason: "dropped: the exception for 2026-01-26T09:00:00.000Z is for an instance the series no longer has (its SEQUENCE 1 is older than the series' 2)",
    }]);
  });

  it('are dropped when the rule moved on (a lower SEQUENCE for a day the rule no longer has)', () => {
    const { starts, report } = read(calendar(
      ...event(...weekly('SEQUENCE:3', 'RRULE:FREQ=WEEKLY;BYDAY=TU;COUNT=2').map((line) => line.replace('20260105', '20260106'))),
      ...event('UID:review@example.com', 'SEQUENCE:1', 'RECURRENCE-ID:20260112T090000Z', 'DTSTART:20260112T140000Z', 'DTEND:20260112T150000Z'),
    ));
    expect(starts).toEqual(['2026-01-06T09:00:00.000Z', '2026-01-13T09:00:00.000Z']);
    expect(report.warnings).toHaveLength(1);
  });

  it('are kept when their instance is real but outside the window (moved into it)', () => {
    const { events, report } = read(calendar(
      ...event(...weekly('RRULE:FREQ=WEEKLY;COUNT=4')),
      ...event('UID:review@example.com', 'RECURRENCE-ID:20260126T090000Z', 'DTSTART:20260110T090000Z', 'DTEND:20260110T100000Z', 'SUMMARY:Review (brought forward)'),
    ), { from: '2026-01-10T00:00:00Z', to: '2026-01-11T00:00:00Z' });
    expect(events.map((item) => [item.instanceKey, item.title])).toEqual([['review@example.com|2026-01-26T09:00:00.000Z', 'Review (brought forward)']]);
    expect(report.warnings).toEqual([]);
  });
});

describe('an Outlook all-day series whose exceptions carry a date-time RECURRENCE-ID', () => {
  const outlook = (tzid: string, offsets: [standard: string, daylight: string]) => calendar(
    'BEGIN:VTIMEZONE', `TZID:${tzid}`,
    'BEGIN:STANDARD', 'DTSTART:16010101T020000', `TZOFFSETFROM:${offsets[1]}`, `TZOFFSETTO:${offsets[0]}`, 'RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10', 'END:STANDARD',
    'BEGIN:DAYLIGHT', 'DTSTART:16010101T010000', `TZOFFSETFROM:${offsets[0]}`, `TZOFFSETTO:${offsets[1]}`, 'RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3', 'END:DAYLIGHT',
    'END:VTIMEZONE',
    ...event('UID:holiday-rota@example.com', 'DTSTART;VALUE=DATE:20200901', 'DTEND;VALUE=DATE:20200902', 'RRULE:FREQ=WEEKLY;COUNT=3', 'SUMMARY:On call',
      `EXDATE;TZID=${tzid}:20200915T000000`),
    ...event('UID:holiday-rota@example.com', `RECURRENCE-ID;TZID=${tzid}:20200908T000000`, 'DTSTART;VALUE=DATE:20200910', 'DTEND;VALUE=DATE:20200911', 'SUMMARY:On call (moved)'),
  );

  it.each([
    ['GMT Standard Time', ['+0000', '+0100']],
    ['W. Europe Standard Time', ['+0100', '+0200']],
  ] as const)('in %s: the moved instance appears once, and a date-time EXDATE removes its day', (tzid, offsets) => {
    const { events } = read(outlook(tzid, [...offsets]), { from: '2020-08-01T00:00:00Z', to: '2020-10-01T00:00:00Z' });
    expect(events.map((item) => [item.start, item.title])).toEqual([
      ['2020-09-01T00:00:00.000Z', 'On call'],
      ['2020-09-10T00:00:00.000Z', 'On call (moved)'],
    ]);
  });
});

describe('a series cut by the per-series cap', () => {
  it('is reported with the last original start read, so the caller can say so', () => {
    const { starts, report } = read(calendar(...event('UID:daily@example.com', 'DTSTART:20260105T090000Z', 'RRULE:FREQ=DAILY')), YEAR_2026, 3);
    expect(starts).toEqual(['2026-01-05T09:00:00.000Z', '2026-01-06T09:00:00.000Z', '2026-01-07T09:00:00.000Z']);
    expect(report.truncated).toEqual([{ uid: 'daily@example.com', afterMs: Date.parse('2026-01-07T09:00:00Z') }]);
  });

  it('is not reported when the series simply ends', () => {
    const { report } = read(calendar(...event('UID:short@example.com', 'DTSTART:20260105T090000Z', 'RRULE:FREQ=DAILY;COUNT=3')), YEAR_2026, 3);
    expect(report.truncated).toEqual([]);
  });

  it('is reported for a runaway rule that the cap stops long before the window', () => {
    const { starts, report } = read(calendar(...event('UID:every-minute@example.com', 'DTSTART:20000101T000000Z', 'RRULE:FREQ=MINUTELY')));
    expect(starts).toEqual([]);
    expect(report.truncated).toEqual([{ uid: 'every-minute@example.com', afterMs: Date.parse('2000-01-04T11:19:00Z') }]);
  });
});

describe('an RRULE that ical.js could not read, kept as its raw text', () => {
  it('is refused by our parser with the exact reason (the hand-off for parse-time tolerance)', () => {
    const vevent: [string, unknown[], unknown[]] = ['vevent', [
      ['uid', {}, 'text', 'raw@example.com'],
      ['dtstart', {}, 'date-time', '2026-01-05T09:00:00Z'],
      ['rrule', {}, 'text', 'FREQ=FORTNIGHTLY'],
      ['rrule', {}, 'text', 'FREQ=MONTHLY;BYMONTH=13'],
    ], []];
    const root = new ICAL.Component(['vcalendar', [], [vevent]]);
    const timeline = createTimeline({ root, linesOf: () => undefined, warnings: [], invalid: [] }, IANAZone.create('UTC'));
    const master = root.getFirstSubcomponent('vevent')!;
    const series = expandSeries(master, new Map(), timeline, { window: windowMsOf(YEAR_2026), maxInstances: 10 });
    expect(series.occurrences.map((item) => item.startMs)).toEqual([Date.parse('2026-01-05T09:00:00Z')]);
    expect(series.warnings).toEqual(['invalid: RRULE has an unknown FREQ FORTNIGHTLY', 'invalid: RRULE BYMONTH=13 is out of range (1 to 12)']);
  });
});
