import { DateTime } from 'luxon';
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

/**
 * The first instant the user's clock shows `hour`:00 on `local`'s date; in a spring gap, where
 * the clock lands (Luxon moves a time in a gap forward by the gap). Luxon resolves a repeated
 * time to its later occurrence, so both offsets around the day are tried and the earliest
 * instant that really reads `hour`:00 wins.
 */
function startOfLocalHour(local: DateTime, hour: number): DateTime {
  const wall = { year: local.year, month: local.month, day: local.day, hour, minute: 0, second: 0, millisecond: 0 };
  const resolved = DateTime.fromObject(wall, { zone: local.zone });
  const wallAsUtcMs = DateTime.fromObject(wall, { zone: 'utc' }).toMillis();
  const offsets = new Set([resolved.offset, resolved.minus({ hours: 3 }).offset, resolved.plus({ hours: 3 }).offset]);
  const readings = [...offsets]
    .map((offset) => DateTime.fromMillis(wallAsUtcMs - offset * 60_000, { zone: local.zone }))
    .filter((t) => t.hour === hour && t.minute === 0 && t.day === local.day)
    .sort((a, b) => a.toMillis() - b.toMillis());
  return readings[0] ?? resolved;
}

/** Whether `now` falls in the hour that starts at `hour`:00 on now's local date. */
function inLocalHour(local: DateTime, hour: number): boolean {
  const startMs = startOfLocalHour(local, hour).toMillis();
  return local.toMillis() >= startMs && local.toMillis() < startMs + 3_600_000;
}

function localOf(now: string, zone: string): DateTime {
  const local = DateTime.fromISO(now, { zone: 'utc' }).setZone(zone);
  if (!local.isValid) throw new RangeError(`not an instant in a known zone: ${now} in ${zone}`);
  return local;
}

/** ISO 8601 week of a local date, e.g. `2026-W49` (weeks start on Monday; the week-year may differ from the year at New Year). */
export function isoWeekOf(local: DateTime): string {
  return `${local.weekYear}-W${String(local.weekNumber).padStart(2, '0')}`;
}

/** The digest's message id when it is due now, else null. One per ISO week in the user's zone. */
export function digestDue(settings: Zoned, now: string): { mailId: string; week: string } | null {
  const mail = mailSettingsOf(settings);
  if (!mail.digest) return null;
  const local = localOf(now, settings.timeZone);
  if (WEEKDAYS[local.weekday - 1] !== mail.digestWeekday || !inLocalHour(local, mail.digestHour)) return null;
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
  const today = local.startOf('day');
  const yesterday = today.minus({ days: 1 }).startOf('day');
  const localDate = local.toISODate()!;
  return { mailId: `follow-up.${localDate}`, localDate, metFrom: yesterday.toUTC().toISO()!, metTo: today.toUTC().toISO()! };
}
