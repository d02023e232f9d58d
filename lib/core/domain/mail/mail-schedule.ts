import { atHourOf, instantMsOf, isoDateOfReading, isoWeekOfReading, plusLocalDays, readingAsUtc, readingOf, readingWithOffset, zonedInstant, type ZonedInstant } from '../local-time.js';
import { zoneIfValid, type TimeZone } from '../zones.js';
import { WEEKDAYS } from '../coffee.js';
import { mailSettingsOf, type MailSettings } from './mail-settings.js';

/**
 * When the user's own emails are due, as pure functions of their settings and an instant.
 * Rules are in the user's zone: "Monday 08:00" is their Monday morning whatever the offset,
 * across DST changes and in zones with quarter-hour offsets (Chatham, UTC+12:45/+13:45).
 *
 * A message is due during one local hour. That hour starts at the local wall-clock time, and
 * when the clock skips it (spring forward) it starts where the clock lands, so a digest set in
 * a skipped hour is late by the gap, never lost. In a repeated hour (autumn) only its first
 * occurrence counts. Whoever runs the check several times within the hour (the 15-minute sweep)
 * gets the same message id each time, and the mailer sends an id once.
 */

/** The follow-up email goes out at 08:00 local: before the day's meetings, the morning after. */
export const FOLLOW_UP_MAIL_HOUR = 8;

type Zoned = Pick<{ timeZone: string; mail?: Partial<MailSettings> }, 'timeZone' | 'mail'>;

/** Now on the user's clock. */
interface LocalNow {
  zone: TimeZone;
  now: ZonedInstant;
}

/**
 * The first instant the user's clock shows `hour`:00 on now's local date; in a spring gap,
 * where the clock lands. Every offset in force within three hours of the reading is tried and
 * the earliest instant that really reads `hour`:00 that day wins, so a repeated hour counts
 * from its first occurrence.
 */
function startOfLocalHour({ zone, now }: LocalNow, hour: number): number {
  const today = readingOf(now);
  const resolved = atHourOf(now, hour, zone);
  const wallAsUtcMs = readingAsUtc({ ...today, hour, minute: 0, second: 0, millisecond: 0 });
  const offsets = new Set([resolved.offset, zone.offset(resolved.ms - 3 * 3_600_000), zone.offset(resolved.ms + 3 * 3_600_000)]);
  const readings = [...offsets]
    .map((offset) => wallAsUtcMs - offset * 60_000)
    .filter((ms) => {
      const reading = readingWithOffset(ms, zone.offset(ms));
      return reading.hour === hour && reading.minute === 0 && reading.day === today.day;
    })
    .sort((a, b) => a - b);
  return readings[0] ?? resolved.ms;
}

/** Whether `now` falls in the hour that starts at `hour`:00 on now's local date. */
function inLocalHour(local: LocalNow, hour: number): boolean {
  const startMs = startOfLocalHour(local, hour);
  return local.now.ms >= startMs && local.now.ms < startMs + 3_600_000;
}

function localOf(now: string, timeZone: string): LocalNow {
  const zone = zoneIfValid(timeZone);
  const ms = instantMsOf(now);
  if (!zone || Number.isNaN(ms)) throw new RangeError(`not an instant in a known zone: ${now} in ${timeZone}`);
  return { zone, now: zonedInstant(ms, zone) };
}

/** ISO 8601 week of a local date, e.g. `2026-W49` (weeks start on Monday; the week-year may differ from the year at New Year). */
function isoWeekOf(local: LocalNow): string {
  const { weekYear, week } = isoWeekOfReading(readingOf(local.now));
  return `${weekYear}-W${String(week).padStart(2, '0')}`;
}

/** The digest's message id when it is due now, else null. One per ISO week in the user's zone. */
export function digestDue(settings: Zoned, now: string): { mailId: string; week: string } | null {
  const mail = mailSettingsOf(settings);
  if (!mail.digest) return null;
  const local = localOf(now, settings.timeZone);
  if (WEEKDAYS[readingOf(local.now).weekday - 1] !== mail.digestWeekday || !inLocalHour(local, mail.digestHour)) return null;
  const week = isoWeekOf(local);
  return { mailId: `digest.${week}`, week };
}

export interface FollowUpMailDue {
  mailId: string;
  /** The local date the email is for (today, in the user's zone). */
  localDate: string;
  /** The previous local day, as UTC instants [from, to): people first met then are the ones to follow up. */
  metFrom: string;
  metTo: string;
}

/**
 * The follow-up email's id and the day it covers when it is due now (08:00 local), else null.
 * It covers first meetings that started on the previous local day: by 08:00 they have ended
 * and the sweep has recorded them, and each day's people land in exactly one email.
 */
export function followUpMailDue(settings: Zoned, now: string): FollowUpMailDue | null {
  if (!mailSettingsOf(settings).followUpMail) return null;
  const local = localOf(now, settings.timeZone);
  if (!inLocalHour(local, FOLLOW_UP_MAIL_HOUR)) return null;
  const today = atHourOf(local.now, 0, local.zone);
  const yesterday = atHourOf(plusLocalDays(today, -1, local.zone), 0, local.zone);
  const localDate = isoDateOfReading(readingOf(local.now));
  return { mailId: `follow-up.${localDate}`, localDate, metFrom: new Date(yesterday.ms).toISOString(), metTo: new Date(today.ms).toISOString() };
}

/**
 * When the next of the user's scheduled emails falls due after `now` (the start of its local
 * hour), or null when neither is on. The sweep wakes for it (core/domain/sweep-wake.ts): the check
 * made at `now` covered the hour `now` is in, so only a later hour counts.
 */
export function nextScheduledMailAt(settings: Zoned, now: string): string | null {
  const mail = mailSettingsOf(settings);
  if (!mail.digest && !mail.followUpMail) return null;
  const local = localOf(now, settings.timeZone);
  // Local noon steps from day to day clear of any DST change, which happen at night.
  const noon = atHourOf(local.now, 12, local.zone);
  for (let days = 0; days <= 7; days++) {
    const day = plusLocalDays(noon, days, local.zone);
    const weekday = WEEKDAYS[readingOf(day).weekday - 1];
    const hours = [...(mail.followUpMail ? [FOLLOW_UP_MAIL_HOUR] : []), ...(mail.digest && weekday === mail.digestWeekday ? [mail.digestHour] : [])];
    const starts = hours.map((hour) => startOfLocalHour({ zone: local.zone, now: day }, hour)).filter((ms) => ms > local.now.ms);
    if (starts.length > 0) return new Date(Math.min(...starts)).toISOString();
  }
  return null;
}
