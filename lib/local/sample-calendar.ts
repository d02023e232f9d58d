/**
 * The sample calendar in examples/ is written for one fixed week (its "now" is
 * SAMPLE_ANCHOR). So the local demo always looks like the user's last eight weeks, the local
 * runtime re-dates a copy by whole weeks: weekdays and wall-clock times stay as written
 * (TZID times keep their local time across DST), only the dates move.
 */
export const SAMPLE_ANCHOR = '2026-11-23T12:00:00.000Z';
const WEEK_MS = 7 * 86_400_000;

/**
 * Whole weeks (as days) that move the sample's anchor day into the week of `now`. Counted on
 * UTC dates, so Monday morning, before the anchor's noon, is already the anchor's week.
 */
export function sampleShiftDays(now: string): number {
  const day = (instant: string) => Date.parse(instant.slice(0, 10));
  return Math.floor((day(now) - day(SAMPLE_ANCHOR)) / WEEK_MS) * 7;
}

const DATED_PROPERTY = /^(DTSTART|DTEND|RECURRENCE-ID|EXDATE|RDATE|DUE)([;:])/;
const DATE_VALUE = /(\d{4})(\d{2})(\d{2})(T\d{6}Z?)?/g;

function shiftDate(match: string, y: string, m: string, d: string, time: string | undefined, days: number): string {
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)) + days * 86_400_000);
  const ymd = date.toISOString().slice(0, 10).replaceAll('-', '');
  return ymd + (time ?? '');
}

function shiftValues(value: string, days: number): string {
  return value.replace(DATE_VALUE, (match, y, m, d, time) => shiftDate(match, y, m, d, time, days));
}

/** Shifts every date inside VEVENTs (not VTIMEZONE rules) by `days`, including RRULE UNTIL. */
export function redateCalendar(text: string, days: number): string {
  if (days === 0) return text;
  let inEvent = false;
  return text
    .split(/\r?\n/)
    .map((line) => {
      if (line.startsWith('BEGIN:VEVENT')) inEvent = true;
      if (line.startsWith('END:VEVENT')) inEvent = false;
      if (!inEvent) return line;
      if (DATED_PROPERTY.test(line)) {
        const colon = line.indexOf(':');
        return line.slice(0, colon + 1) + shiftValues(line.slice(colon + 1), days);
      }
      if (line.startsWith('RRULE:')) return line.replace(/UNTIL=([0-9TZ]+)/, (_m, until: string) => `UNTIL=${shiftValues(until, days)}`);
      return line;
    })
    .join('\r\n');
}
