import { MalformedCalendar } from '../../../core/ports/calendar.js';
import type { ContentLine } from './lines.js';

/**
 * Reads the shape of one content line (RFC 5545 §3.1: `name *(";" param) ":" value`) and
 * checks the date values Rapport depends on, so a broken line is reported with its line
 * number instead of surfacing later as a wrong time.
 */

export interface SplitContentLine {
  /** Property or BEGIN/END name, upper case (names are case-insensitive, RFC 5545 §2). */
  name: string;
  /** Parameters as written, including the leading `;`, or an empty string. */
  params: string;
  value: string;
}

const NAME = /^[A-Za-z0-9-]+/;

export function splitContentLine({ text, line }: ContentLine): SplitContentLine {
  const name = NAME.exec(text)?.[0];
  if (!name) throw new MalformedCalendar('a content line must start with a property name', line);
  const colon = valueSeparator(text, name.length);
  if (colon === -1) throw new MalformedCalendar(`content line ${name.toUpperCase()} has no ':'`, line);
  if (colon > name.length && text[name.length] !== ';') {
    throw new MalformedCalendar(`content line ${name.toUpperCase()} has an invalid name`, line);
  }
  return {
    name: name.toUpperCase(),
    params: text.slice(name.length, colon),
    value: text.slice(colon + 1),
  };
}

/** The first `:` outside a quoted parameter value (quotes may contain `:`, §3.2). */
function valueSeparator(text: string, from: number): number {
  let quoted = false;
  for (let index = from; index < text.length; index += 1) {
    const char = text[index];
    if (char === '"') quoted = !quoted;
    else if (char === ':' && !quoted) return index;
  }
  return -1;
}

/** Properties whose values must be DATE or DATE-TIME (RDATE may also be PERIOD, read as its start). */
const DATE_VALUED = new Set(['DTSTART', 'DTEND', 'RECURRENCE-ID', 'EXDATE', 'RDATE']);

const DATE = /^(\d{4})(\d{2})(\d{2})$/;
const DATE_TIME = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z?$/;

/**
 * Returns the line to hand to the iCalendar parser: unchanged for most properties; for date
 * properties, with every value checked (§3.3.4 DATE, §3.3.5 DATE-TIME) and `VALUE=DATE` made
 * explicit when the values are bare dates, because ical.js otherwise reads `DTSTART:20261121`
 * as a broken date-time.
 */
export function checkedPropertyText(split: SplitContentLine, line: number): string {
  if (!DATE_VALUED.has(split.name)) return `${split.name}${split.params}:${split.value}`;
  const declared = /;VALUE=([A-Za-z-]+)/i.exec(split.params)?.[1]?.toUpperCase();
  const params = split.params;
  const items = split.value.split(',').map((item) => item.trim());
  // A PERIOD RDATE (§3.3.9) is start/end or start/duration; the instance lasts that period.
  if (declared === 'PERIOD') return checkedPeriods(split, items, line);

  const kinds = items.map((item) => dateKindOf(item));
  const bad = items.find((_, index) => kinds[index] === undefined);
  if (bad !== undefined) {
    throw new MalformedCalendar(`${split.name} has an unreadable date or date-time "${bad}"`, line);
  }
  const allDates = kinds.every((kind) => kind === 'DATE');
  const allDateTimes = kinds.every((kind) => kind === 'DATE-TIME');
  if (!allDates && !allDateTimes) throw new MalformedCalendar(`${split.name} mixes dates and date-times`, line);
  if ((declared === 'DATE' && !allDates) || (declared === 'DATE-TIME' && !allDateTimes)) {
    throw new MalformedCalendar(`${split.name} values do not match VALUE=${declared}`, line);
  }
  const explicit = allDates && declared === undefined ? `;VALUE=DATE${params}` : params;
  return `${split.name}${explicit}:${items.join(',')}`;
}

function dateKindOf(item: string): 'DATE' | 'DATE-TIME' | undefined {
  const date = DATE.exec(item);
  if (date) return isCalendarDate(date) ? 'DATE' : undefined;
  const dateTime = DATE_TIME.exec(item);
  if (!dateTime || !isCalendarDate(dateTime)) return undefined;
  const [hour = 0, minute = 0, second = 0] = dateTime.slice(4, 7).map(Number);
  // Second 60 is a leap second, allowed by §3.3.12.
  return hour <= 23 && minute <= 59 && second <= 60 ? 'DATE-TIME' : undefined;
}

function isCalendarDate(match: RegExpExecArray): boolean {
  const [year, month, day] = match.slice(1, 4).map(Number) as [number, number, number];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth;
}

function checkedPeriods(split: SplitContentLine, items: string[], line: number): string {
  for (const item of items) {
    const [start = '', end = '', ...rest] = item.split('/');
    const endKind = /^[+]?P[0-9WDTHMS]+$/i.test(end) ? 'DURATION' : dateKindOf(end);
    if (rest.length > 0 || dateKindOf(start) !== 'DATE-TIME' || (endKind !== 'DATE-TIME' && endKind !== 'DURATION')) {
      throw new MalformedCalendar(`${split.name} has an unreadable period "${item}"`, line);
    }
  }
  return `${split.name}${split.params}:${items.join(',')}`;
}
