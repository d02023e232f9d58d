import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { SWEEP_SHARDS } from '../../core/domain/schedule.js';
import { InvalidKey } from '../../core/ports/store-errors.js';
import type { SweepWake, WakeRepository } from '../../core/ports/store.js';
import { writeOnCondition } from './conditional-put.js';
import type { StoreContext } from './context.js';
import { canonicalInstant, ttlSecondsOf, userIdOfPartition, wakeKey, wakeShardKey } from './keys.js';
import { queryAll } from './query.js';
import { TABLE } from './table-definition.js';

/**
 * Each user's next sweep time, one small item per user in their sweep shard's partition
 * (`WAKE#<shard>`), so the tick reads a whole shard's times in one Query of a few hundred bytes
 * a page instead of waking every user to find most have nothing to do.
 *
 * Two times, so a sweep never hides work it did not see: `wakeAt`, which only a sweep writes
 * (what it computed), and `pullAt`, which work stored between sweeps brings forward and only a
 * sweep that the tick enqueued for it clears, on the condition that it is still the pull the
 * tick saw. The item expires a week after its times: a user deleted meanwhile leaves nothing,
 * and a live user's entry is rewritten at least every six hours.
 */

const TTL = TABLE.timeToLiveAttribute;
const KEEP_MS = 7 * 86_400_000;
const expiryOf = (iso: string) => ttlSecondsOf(new Date(Date.parse(iso) + KEEP_MS).toISOString());

/** The pull, for other repositories whose writes create work for the sweep (a step marker, owed mail, a connection). */
export async function pullWake(ctx: StoreContext, userId: string, at: string): Promise<void> {
  const instant = canonicalInstant(at);
  await writeOnCondition(
    ctx,
    'wake.pull',
    new UpdateCommand({
      TableName: ctx.tableName,
      Key: wakeKey(userId),
      UpdateExpression: 'SET pullAt = :at, #ttl = :ttl',
      // Never later than a pull already waiting (the condition failing is the pull being moot).
      ConditionExpression: 'attribute_not_exists(pullAt) OR pullAt > :at',
      ExpressionAttributeNames: { '#ttl': TTL },
      ExpressionAttributeValues: { ':at': instant, ':ttl': expiryOf(instant) },
      ...ctx.capacityRequest,
    }),
  );
}

export function createWakeRepository(ctx: StoreContext): WakeRepository {
  return {
    async shard(shard) {
      if (!Number.isInteger(shard) || shard < 0 || shard >= SWEEP_SHARDS) throw new InvalidKey(`sweep shard ${shard} is not in 0..${SWEEP_SHARDS - 1}`);
      const items = await queryAll(ctx, 'wake.shard', {
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': wakeShardKey(shard) },
        ProjectionExpression: 'sk, wakeAt, pullAt',
        ConsistentRead: false,
      });
      const wakes = new Map<string, SweepWake>();
      for (const item of items) {
        const wake: SweepWake = {};
        if (typeof item.wakeAt === 'string') wake.wakeAt = item.wakeAt;
        if (typeof item.pullAt === 'string') wake.pullAt = item.pullAt;
        wakes.set(userIdOfPartition(String(item.sk)), wake);
      }
      return wakes;
    },

    pull: (userId, at) => pullWake(ctx, userId, at),

    async settle(userId, next, served) {
      const instant = canonicalInstant(next);
      const set = { TableName: ctx.tableName, Key: wakeKey(userId), ExpressionAttributeNames: { '#ttl': TTL }, ...ctx.capacityRequest };
      const values = { ':next': instant, ':ttl': expiryOf(instant) };
      if (served !== undefined) {
        const cleared = await writeOnCondition(
          ctx,
          'wake.settle',
          new UpdateCommand({
            ...set,
            UpdateExpression: 'SET wakeAt = :next, #ttl = :ttl REMOVE pullAt',
            ConditionExpression: 'pullAt = :served',
            ExpressionAttributeValues: { ...values, ':served': canonicalInstant(served) },
          }),
        );
        if (cleared) return;
      }
      // A newer pull came meanwhile (or none was served): it stays, and the tick sees it.
      await writeOnCondition(ctx, 'wake.settle', new UpdateCommand({ ...set, UpdateExpression: 'SET wakeAt = :next, #ttl = :ttl', ExpressionAttributeValues: values }));
    },
  };
}
