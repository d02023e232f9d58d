import { zoneNamed, type TimeZone } from './zones.js';

/**
 * An instant read on a zone's clock, and the words Rapport writes it in ("Tue 3 Nov 2026,
 * 09:00"). Small on purpose: every Lambda reads local times on its first request, and a date
 * library is most of a function's own code at cold start. The readings and words are the ones
 * luxon gave (the Google mapping, the CLI's slots and local mode still use luxon): same tz data (Intl), same names (English
 * tables for an English system locale, Intl's for any other, e.g. en-GB's "Sept"), checked
 * against luxon in test/core/domain/local-time.test.ts.
 */

const MINUTE_MS = 60_000;

/** What luxon writes for a time it cannot read (an unknown zone, not an instant). */
export const INVALID_TIME = 'Invalid DateTime';

/** A reading of the clock, with the ISO weekday (1 = Monday … 7 = Sunday). */
export interface LocalReading {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  weekday: number;
}

/** The clock reading `offsetMinutes` away from UTC at an instant. */
export function readingWithOffset(ms: number, offsetMinutes: number): LocalReading {
  const wall = new Date(ms + offsetMinutes * MINUTE_MS);
  return {
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
    second: wall.getUTCSeconds(),
    millisecond: wall.getUTCMilliseconds(),
    weekday: wall.getUTCDay() === 0 ? 7 : wall.getUTCDay(),
  };
}

export function readingAt(ms: number, zone: TimeZone): LocalReading {
  return readingWithOffset(ms, zone.offset(ms));
}

/**
 * An instant with the offset its clock reading is taken with. Moving one by local date or
 * time of day is luxon's arithmetic (`plus({ days })`, `set({ hour })`, `startOf('day')`), so
 * the schedules built on it keep the instants they had: the new reading is placed with the
 * old offset when the clock shows it there, else with the zone's offset at that guess; a
 * reading the clock skips lands where the clock jumps to.
 */
export interface ZonedInstant {
  ms: number;
  offset: number;
}

export function zonedInstant(ms: number, zone: TimeZone): ZonedInstant {
  return { ms, offset: zone.offset(ms) };
}

export function readingOf(instant: ZonedInstant): LocalReading {
  return readingWithOffset(instant.ms, instant.offset);
}

/** The instant whose reading is the instant's own with `change` applied (days may overflow the month). */
export function withReading(instant: ZonedInstant, change: Partial<Omit<LocalReading, 'weekday'>>, zone: TimeZone): ZonedInstant {
  return placeReading(readingAsUtc({ ...readingOf(instant), ...change }), instant.offset, zone);
}

/** `hour`:00:00.000 on the instant's local date. */
export function atHourOf(instant: ZonedInstant, hour: number, zone: TimeZone): ZonedInstant {
  return withReading(instant, { hour, minute: 0, second: 0, millisecond: 0 }, zone);
}

/** The same reading `days` local dates later (earlier when negative). */
export function plusLocalDays(instant: ZonedInstant, days: number, zone: TimeZone): ZonedInstant {
  return withReading(instant, { day: readingOf(instant).day + days }, zone);
}

function placeReading(wallAsUtc: number, offsetGuess: number, zone: TimeZone): ZonedInstant {
  const guess = wallAsUtc - offsetGuess * MINUTE_MS;
  const second = zone.offset(guess);
  if (second === offsetGuess) return { ms: guess, offset: offsetGuess };
  const retry = guess - (second - offsetGuess) * MINUTE_MS;
  const third = zone.offset(retry);
  if (second === third) return { ms: retry, offset: second };
  // In a skipped hour: neither offset shows the reading.
  return { ms: wallAsUtc - Math.min(second, third) * MINUTE_MS, offset: Math.max(second, third) };
}

/** A reading written as if it were UTC: the number the zone arithmetic compares. */
export function readingAsUtc(reading: Omit<LocalReading, 'weekday'>): number {
  return Date.UTC(reading.year, reading.month - 1, reading.day, reading.hour, reading.minute, reading.second, reading.millisecond);
}

/** `YYYY-MM-DD` of a reading. */
export function isoDateOfReading(reading: Pick<LocalReading, 'year' | 'month' | 'day'>): string {
  return `${pad(reading.year, 4)}-${pad(reading.month, 2)}-${pad(reading.day, 2)}`;
}

/** The ISO 8601 week of a reading's date: the week (Monday first) of its Thursday, and that Thursday's year. */
export function isoWeekOfReading(reading: Pick<LocalReading, 'year' | 'month' | 'day'>): { weekYear: number; week: number } {
  const date = new Date(Date.UTC(reading.year, reading.month - 1, reading.day));
  const isoWeekday = date.getUTCDay() === 0 ? 7 : date.getUTCDay();
  const thursday = new Date(date.getTime() + (4 - isoWeekday) * 86_400_000);
  const weekYear = thursday.getUTCFullYear();
  const dayOfYear = (thursday.getTime() - Date.UTC(weekYear, 0, 1)) / 86_400_000;
  return { weekYear, week: Math.floor(dayOfYear / 7) + 1 };
}

/**
 * The instant of an ISO 8601 date-time that names its offset (`Z` or `±hh:mm`), as Rapport
 * stores them; NaN for anything else (a reading without a zone means nothing on its own).
 */
export function instantMsOf(text: string): number {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)$/i.test(text)) return Number.NaN;
  // Date.parse wants a decimal point and the offset's minutes ("+01" alone is ISO 8601 too).
  return Date.parse(text.replace(',', '.').replace(/([+-]\d{2})$/, '$1:00'));
}

/** An instant on a zone's clock, ready to be written; null when the zone or the instant cannot be read. */
export interface ClockFace {
  ms: number;
  reading: LocalReading;
  /** "Tue" / "Tuesday": luxon's `ccc` / `cccc`. */
  weekday(length: 'short' | 'long'): string;
  /** "Nov" / "November": luxon's `LLL` / `LLLL`. */
  month(length: 'short' | 'long'): string;
  /** "09:00": luxon's `HH:mm`. */
  time(): string;
  /** "2026": luxon's `yyyy`. */
  year(): string;
  /** "3": luxon's `d`. */
  day(): string;
}

/**
 * The clock face of `instant` in `zoneName`, in `locale` (default: the system's, as luxon's
 * default is). `instant` is milliseconds or an ISO instant with its offset.
 */
export function clockFace(instant: string | number, zoneName: string, locale?: string): ClockFace | null {
  const ms = typeof instant === 'number' ? instant : instantMsOf(instant);
  if (Number.isNaN(ms)) return null;
  let zone: TimeZone;
  try {
    zone = zoneNamed(zoneName);
  } catch {
    return null;
  }
  const reading = readingAt(ms, zone);
  const words = wordsFor(locale ?? systemLocale());
  const number = (n: number, width: number) => words.number(n, width);
  return {
    ms,
    reading,
    weekday: (length) => (words.english ? ENGLISH_WEEKDAYS[length][reading.weekday - 1]! : words.part(ms, zone.name, 'weekday', length)),
    month: (length) => (words.english ? ENGLISH_MONTHS[length][reading.month - 1]! : words.part(ms, zone.name, 'month', length)),
    time: () => `${number(reading.hour, 2)}:${number(reading.minute, 2)}`,
    year: () => number(reading.year, 4),
    day: () => number(reading.day, 0),
  };
}

/**
 * An instant written with luxon's format tokens, the few Rapport uses: `ccc` `cccc` (weekday),
 * `d`, `LLL` `LLLL` (month), `yyyy`, `HH`, `mm`, `ZZZZZ` (the zone's long name), `'quoted'`
 * text and punctuation. Another letter is a programming error and throws.
 */
export interface ZonedText {
  toFormat(pattern: string): string;
  /** `YYYY-MM-DD` on the zone's clock; null when the time cannot be read. */
  toISODate(): string | null;
}

export function zonedText(instant: string | number, zoneName: string, locale?: string): ZonedText {
  const face = clockFace(instant, zoneName, locale);
  return {
    toFormat: (pattern) => {
      // luxon reads "UTC" and "GMT" as its fixed UTC zone, named "UTC".
      if (pattern === 'ZZZZZ' && /^(utc|gmt)$/i.test(zoneName)) return face ? 'UTC' : INVALID_TIME;
      return face ? formatFace(face, pattern, zoneName, locale ?? systemLocale()) : INVALID_TIME;
    },
    toISODate: () => (face ? isoDateOfReading(face.reading) : null),
  };
}

const TOKENS = /'([^']*)'|([A-Za-z])\2*|[^A-Za-z']+/g;

function formatFace(face: ClockFace, pattern: string, zoneName: string, locale: string): string {
  return pattern.replace(TOKENS, (token: string, quoted: string | undefined) => {
    if (quoted !== undefined) return quoted;
    switch (token) {
      case 'ccc':
        return face.weekday('short');
      case 'cccc':
        return face.weekday('long');
      case 'd':
        return face.day();
      case 'LLL':
        return face.month('short');
      case 'LLLL':
        return face.month('long');
      case 'yyyy':
        return face.year();
      case 'HH':
        return face.time().slice(0, 2);
      case 'mm':
        return face.time().slice(3);
      case 'ZZZZZ':
        return longZoneName(face.ms, zoneName, locale);
      default:
        if (/^[A-Za-z]/.test(token)) throw new RangeError(`format token ${token} is not one Rapport writes`);
        return token;
    }
  });
}

const zoneNameFormats = new Map<string, Intl.DateTimeFormat>();

/** luxon's `ZZZZZ` ("British Summer Time"): its Intl options, one formatter kept per zone and locale. */
function longZoneName(ms: number, zone: string, locale: string): string {
  const key = `${locale}|${zone}`;
  let format = zoneNameFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { timeZoneName: 'long', hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', timeZone: zone });
    zoneNameFormats.set(key, format);
  }
  return format.formatToParts(new Date(ms)).find((part) => part.type.toLowerCase() === 'timezonename')?.value ?? 'null';
}

const ENGLISH_WEEKDAYS = {
  short: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
  long: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
};
const ENGLISH_MONTHS = {
  short: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
  long: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
};

interface LocaleWords {
  /** luxon writes its own English names for `en` and `en-US` only; every other locale asks Intl. */
  english: boolean;
  part(ms: number, zone: string, field: 'weekday' | 'month', length: 'short' | 'long'): string;
  number(n: number, width: number): string;
}

let system: string | undefined;

function systemLocale(): string {
  // Unicode extensions (`-u-…`) are options, not the language: luxon reads them apart too.
  system ??= new Intl.DateTimeFormat().resolvedOptions().locale.split('-u-')[0]!;
  return system;
}

const localeWords = new Map<string, LocaleWords>();

function wordsFor(locale: string): LocaleWords {
  let words = localeWords.get(locale);
  if (!words) {
    words = createLocaleWords(locale);
    localeWords.set(locale, words);
  }
  return words;
}

function createLocaleWords(locale: string): LocaleWords {
  const formats = new Map<string, Intl.DateTimeFormat>();
  const latinDigits = locale.startsWith('en') || new Intl.DateTimeFormat(locale).resolvedOptions().numberingSystem === 'latn';
  const numberFormats = new Map<number, Intl.NumberFormat>();
  return {
    english: locale === 'en' || locale.toLowerCase() === 'en-us',
    part(ms, zone, field, length) {
      // Standalone names (luxon's `ccc`, `LLL`): the field formatted alone, in the zone.
      const key = `${zone}|${field}|${length}`;
      let format = formats.get(key);
      if (!format) {
        format = new Intl.DateTimeFormat(locale, { [field]: length, timeZone: zone });
        formats.set(key, format);
      }
      return format.formatToParts(new Date(ms)).find((part) => part.type.toLowerCase() === field)?.value ?? 'null';
    },
    number(n, width) {
      if (latinDigits) return pad(n, width);
      let format = numberFormats.get(width);
      if (!format) {
        format = new Intl.NumberFormat(locale, { useGrouping: false, minimumIntegerDigits: Math.max(width, 1) });
        numberFormats.set(width, format);
      }
      return format.format(n);
    },
  };
}

function pad(n: number, width: number): string {
  return n < 0 ? `-${String(-n).padStart(width, '0')}` : String(n).padStart(width, '0');
}
