import { DateTime } from 'luxon';
import { coffeeSettingsOf, type UserSettings } from './settings.js';

/**
 * Where a user sits in the cloud's two schedules, as pure functions of their settings.
 *
 * - The 15-minute sweep visits every user. Users are spread over a fixed number of shards
 *   (a hash of the id), so listing them is a handful of index queries whose partitions stay
 *   small and evenly hot, never a table scan.
 * - The hourly proposal tick visits only users whose local proposal hour has come. A user's
 *   bucket is the UTC hour of the tick that first falls inside their next proposal hour; DST
 *   moves that hour twice a year, so the proposal run re-places the user after each run (the
 *   next morning's bucket already knows about a change that happens overnight).
 */

export const SWEEP_SHARDS = 16;

/** FNV-1a over the id: stable across processes and releases (unlike a salted hash). */
export function sweepShardOf(userId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < userId.length; i++) {
    hash ^= userId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % SWEEP_SHARDS;
}

/**
 * The UTC hour (0–23) of the hourly tick that runs the user's next proposal run after `now`.
 * Ticks run on the whole UTC hour; in a zone with a half- or quarter-hour offset (India,
 * Nepal, Chatham) the proposal hour starts between two ticks, and the later one is still inside
 * it, so the bucket rounds up.
 */
export function proposalBucketOf(settings: Pick<UserSettings, 'timeZone' | 'coffee'>, now: string): number {
  const { proposalHour } = coffeeSettingsOf(settings);
  const local = DateTime.fromISO(now, { zone: settings.timeZone });
  let next = local.set({ hour: proposalHour, minute: 0, second: 0, millisecond: 0 });
  if (next <= local) next = next.plus({ days: 1 }).set({ hour: proposalHour, minute: 0, second: 0, millisecond: 0 });
  const utc = next.toUTC();
  const roundedUp = utc.minute === 0 && utc.second === 0 ? utc : utc.startOf('hour').plus({ hours: 1 });
  return roundedUp.hour;
}

/** The UTC hour a tick stands for, from its scheduled time. */
export function tickHourOf(scheduledTime: string): number {
  const parsed = DateTime.fromISO(scheduledTime, { zone: 'utc' });
  if (!parsed.isValid) throw new RangeError(`not an instant: ${scheduledTime}`);
  // A tick scheduled for 08:00 may be delivered at 07:59:59.9xx or 08:00:01: the nearest hour.
  return parsed.plus({ minutes: 30 }).hour;
}
