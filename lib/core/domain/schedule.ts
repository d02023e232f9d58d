import { atHourOf, instantMsOf, plusLocalDays, zonedInstant } from './local-time.js';
import { coffeeSettingsOf, type UserSettings } from './settings.js';
import { zoneIfValid } from './zones.js';

/**
 * Where a user sits in the cloud's two schedules, as pure functions of their settings.
 *
 * - The 15-minute sweep tick lists every user and enqueues those whose sweep is due (their
 *   wake time, core/domain/sweep-wake.ts). Users are spread over a fixed number of shards (a hash
 *   of the id), so listing them is a handful of index queries whose partitions stay small and
 *   evenly hot, never a table scan.
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
  const zone = zoneIfValid(settings.timeZone);
  const nowMs = instantMsOf(now);
  if (!zone || Number.isNaN(nowMs)) return Number.NaN;
  let next = atHourOf(zonedInstant(nowMs, zone), proposalHour, zone);
  if (next.ms <= nowMs) next = atHourOf(plusLocalDays(next, 1, zone), proposalHour, zone);
  const utc = new Date(next.ms);
  return utc.getUTCMinutes() === 0 && utc.getUTCSeconds() === 0 ? utc.getUTCHours() : (utc.getUTCHours() + 1) % 24;
}

/** The UTC hour a tick stands for, from its scheduled time. */
export function tickHourOf(scheduledTime: string): number {
  const ms = instantMsOf(scheduledTime);
  if (Number.isNaN(ms)) throw new RangeError(`not an instant: ${scheduledTime}`);
  // A tick scheduled for 08:00 may be delivered at 07:59:59.9xx or 08:00:01: the nearest hour.
  return new Date(ms + 30 * 60_000).getUTCHours();
}
