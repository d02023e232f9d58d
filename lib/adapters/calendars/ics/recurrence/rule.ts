/**
 * RRULE text → a validated rule (RFC 5545 §3.3.10), or the reason it cannot be used. A rule we
 * cannot read exactly is refused, never guessed at: a misspelled UNTIL read as "forever" would
 * invent years of meetings.
 */

export const FREQUENCIES = ['SECONDLY', 'MINUTELY', 'HOURLY', 'DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

/** Monday is 0, as in ISO 8601 and RFC 5545's default WKST. */
export const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;

export interface WeekdayNum {
  weekday: number;
  /** The nth such weekday of the month or year (negative: from the end); absent: every one. */
  nth?: number;
}

/** UNTIL as written: a wall-clock reading (see wall-clock.ts), in UTC when `utc`. */
export interface RuleUntil {
  wall: number;
  utc: boolean;
  isDate: boolean;
}

export interface Rule {
  freq: Frequency;
  interval: number;
  count?: number;
  until?: RuleUntil;
  wkst: number;
  byMonth: number[];
  byWeekNo: number[];
  byYearDay: number[];
  byMonthDay: number[];
  byDay: WeekdayNum[];
  byHour: number[];
  byMinute: number[];
  bySecond: number[];
  bySetPos: number[];
}

export type RuleReading = { ok: true; rule: Rule } | { ok: false; reason: string };

class InvalidRule extends Error {
  override name = 'InvalidRule';
}

type NumberList = 'byMonth' | 'byWeekNo' | 'byYearDay' | 'byMonthDay' | 'byHour' | 'byMinute' | 'bySecond' | 'bySetPos';

/** Allowed values per list part; `signed` lists also take the negated range (counted from the end). */
const NUMBER_LISTS: Record<string, { key: NumberList; min: number; max: number; signed: boolean }> = {
  BYSECOND: { key: 'bySecond', min: 0, max: 60, signed: false },
  BYMINUTE: { key: 'byMinute', min: 0, max: 59, signed: false },
  BYHOUR: { key: 'byHour', min: 0, max: 23, signed: false },
  BYMONTHDAY: { key: 'byMonthDay', min: 1, max: 31, signed: true },
  BYYEARDAY: { key: 'byYearDay', min: 1, max: 366, signed: true },
  BYWEEKNO: { key: 'byWeekNo', min: 1, max: 53, signed: true },
  BYMONTH: { key: 'byMonth', min: 1, max: 12, signed: false },
  BYSETPOS: { key: 'bySetPos', min: 1, max: 366, signed: true },
};

/** RFC 5545 §3.3.10's table: the BYxxx parts that are "N/A" for a frequency. */
const NOT_FOR: Readonly<Partial<Record<NumberList | 'byDayNth', readonly Frequency[]>>> = {
  byWeekNo: ['SECONDLY', 'MINUTELY', 'HOURLY', 'DAILY', 'WEEKLY', 'MONTHLY'],
  byYearDay: ['DAILY', 'WEEKLY', 'MONTHLY'],
  byMonthDay: ['WEEKLY'],
  byDayNth: ['SECONDLY', 'MINUTELY', 'HOURLY', 'DAILY', 'WEEKLY'],
};

export function parseRule(text: string): RuleReading {
  try {
    return { ok: true, rule: readParts(text) };
  } catch (error) {
    if (error instanceof InvalidRule) return { ok: false, reason: error.message };
    throw error;
  }
}

function readParts(text: string): Rule {
  const parts = text.split(';').map((part) => part.trim()).filter((part) => part !== '');
  if (parts.length === 0) throw new InvalidRule('RRULE is empty');
  const rule: Partial<Rule> & Omit<Rule, 'freq' | 'interval' | 'wkst'> = {
    byMonth: [], byWeekNo: [], byYearDay: [], byMonthDay: [], byDay: [], byHour: [], byMinute: [], bySecond: [], bySetPos: [],
  };
  const seen = new Set<string>();
  for (const part of parts) {
    const [rawName = '', value = '', ...extra] = part.split('=');
    const name = rawName.trim().toUpperCase();
    if (extra.length > 0 || name === '' || value.trim() === '') throw new InvalidRule(`RRULE part "${part}" is not NAME=VALUE`);
    if (seen.has(name)) throw new InvalidRule(`RRULE has ${name} twice`);
    seen.add(name);
    readPart(rule, name, value.trim().toUpperCase());
  }
  if (!rule.freq) throw new InvalidRule('RRULE has no FREQ');
  if (rule.count !== undefined && rule.until) throw new InvalidRule('RRULE has both COUNT and UNTIL');
  const complete: Rule = { ...rule, freq: rule.freq, interval: rule.interval ?? 1, wkst: rule.wkst ?? 0 };
  checkApplicable(complete);
  return complete;
}

function readPart(rule: Partial<Rule>, name: string, value: string): void {
  const list = NUMBER_LISTS[name];
  if (list) {
    rule[list.key] = sortedUnique(value.split(',').map((item) => inRange(name, item, list.min, list.max, list.signed)));
    return;
  }
  switch (name) {
    case 'FREQ':
      if (!(FREQUENCIES as readonly string[]).includes(value)) throw new InvalidRule(`RRULE has an unknown FREQ ${value}`);
      rule.freq = value as Frequency;
      return;
    case 'INTERVAL':
      rule.interval = positive(name, value);
      return;
    case 'COUNT':
      rule.count = positive(name, value);
      return;
    case 'UNTIL':
      rule.until = untilOf(value);
      return;
    case 'WKST':
      rule.wkst = weekdayOf(value, name);
      return;
    case 'BYDAY':
      rule.byDay = value.split(',').map(weekdayNumOf);
      return;
    // RFC 7529: the Gregorian scale with its default SKIP=OMIT is exactly what RFC 5545 describes.
    case 'RSCALE':
      if (value !== 'GREGORIAN') throw new InvalidRule(`RRULE uses RSCALE=${value}, which is not supported`);
      return;
    case 'SKIP':
      if (value !== 'OMIT') throw new InvalidRule(`RRULE uses SKIP=${value}, which is not supported`);
      return;
    default:
      if (name.startsWith('X-')) return;
      throw new InvalidRule(`RRULE has an unknown part ${name}`);
  }
}

function checkApplicable(rule: Rule): void {
  const present = (key: NumberList) => rule[key].length > 0;
  for (const key of ['byWeekNo', 'byYearDay', 'byMonthDay'] as const) {
    if (present(key) && NOT_FOR[key]?.includes(rule.freq)) {
      throw new InvalidRule(`RRULE ${partName(key)} does not apply to FREQ=${rule.freq}`);
    }
  }
  const numbered = rule.byDay.some((day) => day.nth !== undefined);
  if (numbered && (NOT_FOR.byDayNth?.includes(rule.freq) || (rule.freq === 'YEARLY' && present('byWeekNo')))) {
    throw new InvalidRule(`RRULE BYDAY with a number (e.g. 2MO) does not apply to FREQ=${rule.freq}${present('byWeekNo') ? ' with BYWEEKNO' : ''}`);
  }
  const others = (Object.keys(NUMBER_LISTS) as string[]).some((name) => name !== 'BYSETPOS' && present(NUMBER_LISTS[name]!.key));
  if (present('bySetPos') && !others && rule.byDay.length === 0) {
    throw new InvalidRule('RRULE BYSETPOS needs another BYxxx part to select from');
  }
}

function partName(key: NumberList): string {
  return Object.entries(NUMBER_LISTS).find(([, list]) => list.key === key)?.[0] ?? key;
}

function inRange(name: string, text: string, min: number, max: number, signed: boolean): number {
  const value = integerOf(name, text);
  const magnitude = signed ? Math.abs(value) : value;
  if (magnitude < min || magnitude > max) {
    const range = signed ? `${min} to ${max} or -${max} to -${min}` : `${min} to ${max}`;
    throw new InvalidRule(`RRULE ${name}=${text} is out of range (${range})`);
  }
  return value;
}

function positive(name: string, text: string): number {
  const value = integerOf(name, text);
  if (value < 1) throw new InvalidRule(`RRULE ${name}=${text} must be a positive integer`);
  return value;
}

function integerOf(name: string, text: string): number {
  if (!/^[+-]?\d{1,9}$/.test(text.trim())) throw new InvalidRule(`RRULE ${name}=${text} is not an integer`);
  return Number(text);
}

function weekdayOf(text: string, name: string): number {
  // ical.js's jCal form writes WKST as a number, 1 = Sunday.
  if (/^[1-7]$/.test(text)) return (Number(text) + 5) % 7;
  const weekday = (WEEKDAYS as readonly string[]).indexOf(text);
  if (weekday < 0) throw new InvalidRule(`RRULE ${name}=${text} is not a weekday`);
  return weekday;
}

function weekdayNumOf(text: string): WeekdayNum {
  const match = /^([+-]?\d{1,2})?([A-Z]{2})$/.exec(text.trim());
  if (!match) throw new InvalidRule(`RRULE BYDAY=${text} is not a weekday`);
  const weekday = weekdayOf(match[2]!, 'BYDAY');
  if (match[1] === undefined) return { weekday };
  const nth = Number(match[1]);
  if (nth === 0 || Math.abs(nth) > 53) throw new InvalidRule(`RRULE BYDAY=${text} is out of range (1 to 53 or -53 to -1)`);
  return { weekday, nth };
}

/** UNTIL as `20261231`, `20261231T235959Z` or ical.js's jCal `2026-12-31T23:59:59Z`. */
function untilOf(text: string): RuleUntil {
  const match = /^(\d{4})-?(\d{2})-?(\d{2})(?:T(\d{2}):?(\d{2}):?(\d{2})(Z?))?$/.exec(text);
  if (!match) throw new InvalidRule(`RRULE UNTIL=${text} is not a date or date-time`);
  const [, year, month, day, hour, minute, second, zulu] = match.map((field) => field ?? '');
  const wall = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour || 0), Number(minute || 0), Number(second || 0));
  const valid = new Date(wall).getUTCDate() === Number(day) && Number(hour || 0) < 24 && Number(minute || 0) < 60;
  if (!valid) throw new InvalidRule(`RRULE UNTIL=${text} is not a real date`);
  return { wall, utc: zulu === 'Z', isDate: hour === '' };
}

function sortedUnique(values: number[]): number[] {
  return [...new Set(values)].sort((a, b) => a - b);
}
