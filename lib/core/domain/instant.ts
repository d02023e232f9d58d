/**
 * Reading ISO instants fast. Busy time arrives as thousands of `Date#toISOString()` strings
 * (`2027-03-23T08:30:00.000Z`); reading those by hand, with the civil-date arithmetic below,
 * is about four times faster than Date.parse, which matters to the slot finder's budget.
 * Any other form goes through Date.parse. NaN when the text is not an instant.
 */
export function parseInstantMs(value: string): number {
  if (!hasCanonicalShape(value)) return Date.parse(value);
  // Date.parse would roll 02-30 over to March and read 24:00: a canonical string must be a real time.
  const year = pair(value, 0) * 100 + pair(value, 2);
  const month = pair(value, 5);
  const day = pair(value, 8);
  const hour = pair(value, 11);
  const minute = pair(value, 14);
  const second = pair(value, 17);
  const milli = pair(value, 20) * 10 + digit(value, 22);
  // A non-digit makes its pair negative, so one range check per field catches it.
  if (year < 0 || milli < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
    return Number.NaN;
  }
  const seconds = ((daysFromCivil(year, month, day) * 24 + hour) * 60 + minute) * 60 + second;
  return seconds * 1000 + milli;
}

const DASH = 45;
const COLON = 58;
const DOT = 46;
const T = 84;
const Z = 90;

/**
 * The `toISOString()` form: 24 characters, years 0000–9999, UTC. Valid texts of this form sort
 * as their instants do, so they can be compared without being read.
 */
export function hasCanonicalShape(v: string): boolean {
  return (
    v.length === 24 &&
    v.charCodeAt(4) === DASH &&
    v.charCodeAt(7) === DASH &&
    v.charCodeAt(10) === T &&
    v.charCodeAt(13) === COLON &&
    v.charCodeAt(16) === COLON &&
    v.charCodeAt(19) === DOT &&
    v.charCodeAt(23) === Z
  );
}

/** The digit at `k`, or a large negative number when it is not one. */
function digit(v: string, k: number): number {
  const d = v.charCodeAt(k) - 48;
  return d >= 0 && d <= 9 ? d : -10_000;
}

function pair(v: string, k: number): number {
  return digit(v, k) * 10 + digit(v, k + 1);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}
