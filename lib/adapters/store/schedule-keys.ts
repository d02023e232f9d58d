import { proposalBucketOf, SWEEP_SHARDS, sweepShardOf } from '../../core/domain/schedule.js';
import type { UserSettings } from '../../core/domain/settings.js';
import { InvalidKey } from '../../core/ports/store-errors.js';
import { idPart, userIdOfPartition, userPartition, type ItemKey } from './keys.js';

/**
 * Keys of the partitions read for many users at once (see keys.ts for the table's layout): the
 * schedule indexes a profile is listed in, and the sweep shards' wake times the tick reads.
 */

/** The schedule-index attributes of a profile (see domain/schedule.ts). */
export function scheduleAttributes(userId: string, settings: Pick<UserSettings, 'timeZone' | 'coffee'>, now: string): { sweepPk: string; proposePk: string } {
  return { sweepPk: sweepShardKey(sweepShardOf(userId)), proposePk: proposalHourKey(proposalBucketOf(settings, now)) };
}

/** A sweep shard's number as keys spell it; a number that is no shard is refused. */
function shardPart(shard: number): string {
  if (!Number.isInteger(shard) || shard < 0 || shard >= SWEEP_SHARDS) throw new InvalidKey(`sweep shard ${shard} is not in 0..${SWEEP_SHARDS - 1}`);
  return String(shard).padStart(2, '0');
}

export function sweepShardKey(shard: number): string {
  return `SWEEP#${shardPart(shard)}`;
}

/** What every partition of wake times starts with: the tick may read those and no other (infra/stack.ts). */
export const WAKE_PARTITION_PREFIX = 'WAKE#';

/** The partition of one sweep shard's wake times (wake.ts). */
export function wakeShardKey(shard: number): string {
  return `${WAKE_PARTITION_PREFIX}${shardPart(shard)}`;
}

export function wakeKey(userId: string): ItemKey {
  return { pk: wakeShardKey(sweepShardOf(userId)), sk: userPartition(userId) };
}

const WAKE_STEP = '#STEP#';

/**
 * A booking change's own pull, beside its user's wake item (`USER#<userId>#STEP#<proposalId>`):
 * written in the transaction that records the change, so it is one item per proposal.
 */
export function wakeStepKey(userId: string, proposalId: string): ItemKey {
  return { pk: wakeShardKey(sweepShardOf(userId)), sk: `${userPartition(userId)}${WAKE_STEP}${idPart('proposal id', proposalId)}` };
}

/** The user a wake-time item wakes: their own item's, or one of their bookings' pulls' (an id holds no `#`). */
export function wakeOwnerOf(sk: string): string {
  return userIdOfPartition(sk.split('#', 2).join('#'));
}

/** Sort-key bounds of one user's wake items, their own and their bookings' (an id holds no `#`, others' keys are filtered out by the caller). */
export function wakeItemsOf(userId: string): { lower: string; upper: string } {
  return { lower: userPartition(userId), upper: `${userPartition(userId)}${WAKE_STEP}\uffff` };
}

export function proposalHourKey(hour: number): string {
  return `PROPOSE#${String(hour).padStart(2, '0')}`;
}
