// rrule's package has no ESM entry Node picks (its `module` field is for bundlers): the CommonJS build, by default import.
import rrulePackage from 'rrule';
import { RRuleTemporal } from 'rrule-temporal';
import { parseRule } from '../lib/adapters/calendars/ics/recurrence/rule.js';
import { StepBudget, ruleStarts } from '../lib/adapters/calendars/ics/recurrence/rule-starts.js';

/**
 * One expansion request, the same for every engine: DTSTART and the rule in one wall clock
 * (UTC standing in for it, so no engine's zone handling is part of the comparison), and how far
 * to read. Each engine answers with its starts as milliseconds of that clock, in order.
 */
export interface Expansion {
  /** `YYYY-MM-DDTHH:MM`. */
  start: string;
  rule: string;
  /** Read no start after this. */
  notAfterMs: number;
  /** Stop after this many starts (a rule without end). */
  maxCount?: number;
}

export const ENGINE_NAMES = ['rapport', 'rrule', 'rrule-temporal'] as const;
export type EngineName = (typeof ENGINE_NAMES)[number];

/** Generous: ten years of minutely candidates would not fit, every RFC example does many times over. */
const RAPPORT_STEP_BUDGET = 1_000_000;

const startMs = (start: string) => Date.parse(`${start}:00Z`);
const within = (ms: number, expansion: Expansion, index: number) => ms <= expansion.notAfterMs && (expansion.maxCount === undefined || index < expansion.maxCount);

function rapport(expansion: Expansion): number[] {
  const reading = parseRule(expansion.rule);
  if (!reading.ok) throw new Error(reading.reason);
  const start = startMs(expansion.start);
  const series = { start, isDate: false, wallOfUtc: (ms: number) => ms };
  const starts: number[] = [];
  for (const wall of ruleStarts(reading.rule, series, { notAfter: expansion.notAfterMs, budget: new StepBudget(RAPPORT_STEP_BUDGET) })) {
    if (!within(wall, expansion, starts.length)) break;
    starts.push(wall);
  }
  return starts;
}

/** rrule (jkbrzt): Dates without a TZID are read in UTC, which is our stand-in wall clock. */
function rrule(expansion: Expansion): number[] {
  const { RRule } = rrulePackage;
  const rule = new RRule({ ...RRule.parseString(expansion.rule), dtstart: new Date(startMs(expansion.start)) });
  return rule.all((date, index) => within(date.getTime(), expansion, index)).map((date) => date.getTime());
}

/** rrule-temporal, with `includeDtstart` so DTSTART counts as the first instance, as RFC 5545 says. */
function rruleTemporal(expansion: Expansion): number[] {
  const dtstart = expansion.start.replace(/[-:]/g, '') + '00';
  const rule = new RRuleTemporal({ rruleString: `DTSTART;TZID=UTC:${dtstart}\nRRULE:${expansion.rule}`, includeDtstart: true });
  return rule.all((date, index) => within(date.epochMilliseconds, expansion, index)).map((date) => date.epochMilliseconds);
}

export const ENGINES: Record<EngineName, (expansion: Expansion) => number[]> = {
  rapport,
  rrule,
  'rrule-temporal': rruleTemporal,
};
