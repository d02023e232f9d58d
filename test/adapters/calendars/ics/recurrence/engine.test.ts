import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { parseRule } from '../../../../../lib/adapters/calendars/ics/recurrence/rule.js';
import { StepBudget, ruleStarts } from '../../../../../lib/adapters/calendars/ics/recurrence/rule-starts.js';
import { HARD_CLASSES, RFC_5545_EXAMPLES, ZONE, type RuleCase } from './rule-cases.js';

const YEAR_MS = 366 * 86_400_000;

/** Expands a case in New York wall-clock time, over at most ten years, as `YYYY-MM-DDTHH:MM` strings. */
function expandCase(ruleCase: RuleCase, budget = new StepBudget(1_000_000)): string[] {
  const reading = parseRule(ruleCase.rule);
  if (!reading.ok) throw new Error(reading.reason);
  const start = Date.parse(`${ruleCase.start}:00Z`);
  const wallOfUtc = (utcMs: number) => {
    const local = DateTime.fromMillis(utcMs, { zone: ZONE });
    return local.toMillis() + local.offset * 60_000;
  };
  const starts: string[] = [];
  for (const wall of ruleStarts(reading.rule, { start, isDate: false, wallOfUtc }, { notAfter: start + 10 * YEAR_MS, budget })) {
    if (ruleCase.excludeStart && wall === start) continue;
    starts.push(new Date(wall).toISOString().slice(0, 16));
    if (ruleCase.open && starts.length === ruleCase.expected.length) break;
  }
  return starts;
}

describe("RFC 5545 §3.8.5.3's RRULE examples", () => {
  it.each(RFC_5545_EXAMPLES.map((ruleCase) => [ruleCase.name, ruleCase] as const))('%s', (_name, ruleCase) => {
    expect(expandCase(ruleCase)).toEqual(ruleCase.expected);
  });
});

describe('rules other engines hang on or get wrong', () => {
  it.each(HARD_CLASSES.map((ruleCase) => [ruleCase.name, ruleCase] as const))('%s', (_name, ruleCase) => {
    expect(expandCase(ruleCase)).toEqual(ruleCase.expected);
  });
});

describe('the step budget', () => {
  it('ends a rule that never matches again, and says the budget ran out', () => {
    const budget = new StepBudget(1_000);
    const starts = expandCase({ name: 'never', start: '2026-01-31T09:00', rule: 'FREQ=SECONDLY;BYMONTH=2;BYMONTHDAY=30', expected: [] }, budget);
    expect(starts).toEqual(['2026-01-31T09:00']);
    expect(budget.exhausted).toBe(true);
  });

  it('is not spent up by an ordinary rule', () => {
    const budget = new StepBudget(10_000);
    expandCase({ name: 'weekly', start: '2026-01-05T09:00', rule: 'FREQ=WEEKLY;BYDAY=MO,TH;COUNT=100', expected: [] }, budget);
    expect(budget.exhausted).toBe(false);
  });
});

describe('a rule that cannot be read exactly is refused with its reason', () => {
  it.each([
    ['', 'RRULE is empty'],
    ['FREQ=DAILY;UNTL=20260101T000000Z', 'RRULE has an unknown part UNTL'],
    ['FREQ=DAILY;COUNT=0', 'RRULE COUNT=0 must be a positive integer'],
    ['FREQ=DAILY;COUNT=-3', 'RRULE COUNT=-3 must be a positive integer'],
    ['FREQ=FORTNIGHTLY', 'RRULE has an unknown FREQ FORTNIGHTLY'],
    ['FREQ=MONTHLY;BYMONTH=13', 'RRULE BYMONTH=13 is out of range (1 to 12)'],
    ['COUNT=3', 'RRULE has no FREQ'],
    ['FREQ=DAILY;COUNT=3;UNTIL=20260101', 'RRULE has both COUNT and UNTIL'],
    ['FREQ=WEEKLY;BYMONTHDAY=1', 'RRULE BYMONTHDAY does not apply to FREQ=WEEKLY'],
    ['FREQ=MONTHLY;BYWEEKNO=3', 'RRULE BYWEEKNO does not apply to FREQ=MONTHLY'],
    ['FREQ=DAILY;BYDAY=2MO', 'RRULE BYDAY with a number (e.g. 2MO) does not apply to FREQ=DAILY'],
    ['FREQ=MONTHLY;BYDAY=MO;BYDAY=TU', 'RRULE has BYDAY twice'],
    ['FREQ=DAILY;UNTIL=20260230', 'RRULE UNTIL=20260230 is not a real date'],
  ])('%j', (text, reason) => {
    expect(parseRule(text)).toEqual({ ok: false, reason });
  });

  it('accepts lowercase names, X- parts and the Gregorian RSCALE', () => {
    expect(parseRule('freq=weekly;x-vendor=1;RSCALE=GREGORIAN').ok).toBe(true);
  });
});

describe('any rule the parser accepts', () => {
  const list = (values: readonly number[]) => fc.uniqueArray(fc.constantFrom(...values), { minLength: 1, maxLength: 3 }).map((picked) => picked.join(','));
  const part = (name: string, values: fc.Arbitrary<string>) => fc.option(values.map((value) => `${name}=${value}`), { nil: undefined });
  const ruleText = fc
    .tuple(
      fc.constantFrom('SECONDLY', 'MINUTELY', 'HOURLY', 'DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'),
      part('INTERVAL', fc.integer({ min: 1, max: 5 }).map(String)),
      part('COUNT', fc.integer({ min: 1, max: 40 }).map(String)),
      part('BYMONTH', list([1, 2, 6, 12])),
      part('BYMONTHDAY', list([1, 15, 29, 30, 31, -1, -3])),
      part('BYYEARDAY', list([1, 60, 366, -1])),
      part('BYWEEKNO', list([1, 20, 53, -1])),
      part('BYDAY', fc.uniqueArray(fc.constantFrom('MO', 'TU', 'SU', '1MO', '-1FR', '20MO', '5SA'), { minLength: 1, maxLength: 3 }).map((days) => days.join(','))),
      part('BYHOUR', list([0, 9, 23])),
      part('BYMINUTE', list([0, 30])),
      part('BYSETPOS', list([1, 2, -1])),
      part('WKST', fc.constantFrom('MO', 'SU', 'WE')),
    )
    .map(([freq, ...parts]) => [`FREQ=${freq}`, ...parts.filter((value) => value !== undefined)].join(';'));

  it('yields DTSTART first, then strictly later starts, at most COUNT of them, and stops within its budget', () => {
    fc.assert(
      fc.property(ruleText, fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2040, 0, 1) }), (text, startMs) => {
        const reading = parseRule(text);
        fc.pre(reading.ok);
        if (!reading.ok) return;
        const start = Math.floor(startMs / 60_000) * 60_000;
        const budget = new StepBudget(20_000);
        const starts = [...ruleStarts(reading.rule, { start, isDate: false, wallOfUtc: (ms) => ms }, { notAfter: start + 3 * YEAR_MS, budget })];
        expect(starts[0]).toBe(start);
        for (let index = 1; index < starts.length; index += 1) expect(starts[index]!).toBeGreaterThan(starts[index - 1]!);
        if (reading.rule.count !== undefined) expect(starts.length).toBeLessThanOrEqual(reading.rule.count);
      }),
      { numRuns: 300 },
    );
  });
});
