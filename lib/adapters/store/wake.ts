import { randomBytes } from 'node:crypto';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { SweepWake, WakeRepository } from '../../core/ports/wake.js';
import type { StoreContext } from './context.js';
import { writeOnCondition } from './conditional-put.js';
import { pullEntry, SWEEP_AT_LEAST_EVERY_MS } from '../../core/domain/sweep-pulls.js';
import { canonicalInstant, ttlSecondsOf, userIdOfPartition, wakeKey, wakeShardKey } from './keys.js';
import { queryAll } from './query.js';
import { getItem } from './read.js';
import { TABLE } from './table-definition.js';

/**
 * Each user's next sweep time, one small item per user in their sweep shard's partition
 * (`WAKE#<shard>`), so the tick reads a whole shard's times in one Query of a few hundred bytes
 * a page instead of waking every user to find most have nothing to do.
 *
 * Two kinds of time, so a sweep never hides work it did not see: `wakeAt`, which only a sweep
 * writes (what it computed from what it read), and `pulls`, a set of instants that work stored
 * between sweeps adds (each with a nonce, so two pulls for one instant are two entries). Adding
 * is one unconditional write that never fails for another pull; a sweep the tick enqueued
 * removes exactly the pulls the tick saw due, so one added while it ran stays for the next tick.
 * The item expires a week after its sweep time: a user deleted meanwhile leaves nothing, and a
 * live user's entry is rewritten at least every twelve hours (an entry gone makes its user due).
 */

const TTL = TABLE.timeToLiveAttribute;
const KEEP_MS = 7 * 86_400_000;
const expiryOf = (iso: string) => ttlSecondsOf(new Date(Date.parse(iso) + KEEP_MS).toISOString());

/**
 * The pull, for other repositories whose writes leave work for the sweep (a step marker, owed
 * mail, a connection). Best effort: the write it follows has committed, and failing that write's
 * caller for its wake-up would be worse than the wait a lost pull costs (a sweep comes within
 * twelve hours whatever happens: core/domain/sweep-wake.ts).
 */
export async function pullWake(ctx: StoreContext, userId: string, at: string): Promise<void> {
  const instant = canonicalInstant(at);
  // Further out than any sweep's next time: the sweeps before it find the work themselves (and the set stays small).
  if (Date.parse(instant) - Date.parse(ctx.now()) > SWEEP_AT_LEAST_EVERY_MS) return;
  try {
    await writeOnCondition(
      ctx,
      'wake.pull',
      new UpdateCommand({
        TableName: ctx.tableName,
        Key: wakeKey(userId),
        UpdateExpression: 'ADD pulls :entry SET #ttl = if_not_exists(#ttl, :ttl)',
        ExpressionAttributeNames: { '#ttl': TTL },
        ExpressionAttributeValues: { ':entry': new Set([pullEntry(instant, randomBytes(4).toString('hex'))]), ':ttl': expiryOf(instant) },
        ...ctx.capacityRequest,
      }),
    );
  } catch (error) {
    // Not the caller's failure (see above), but not silent either.
    ctx.pullFailed(userId, error);
  }
}

function wakeOf(item: Record<string, unknown>): SweepWake {
  const wake: SweepWake = {};
  if (typeof item.wakeAt === 'string') wake.wakeAt = item.wakeAt;
  if (item.pulls instanceof Set && item.pulls.size > 0) wake.pulls = [...(item.pulls as Set<string>)].sort();
  return wake;
}

export function createWakeRepository(ctx: StoreContext): WakeRepository {
  return {
    async shard(shard) {
      const items = await queryAll(ctx, 'wake.shard', {
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': wakeShardKey(shard) },
        ProjectionExpression: 'sk, wakeAt, pulls',
        ConsistentRead: false,
      });
      return new Map(items.map((item) => [userIdOfPartition(String(item.sk)), wakeOf(item)]));
    },

    async of(userId) {
      const item = await getItem(ctx, 'wake.of', wakeKey(userId));
      return item ? wakeOf(item) : {};
    },

    pull: (userId, at) => pullWake(ctx, userId, at),

    async settle(userId, next, served = []) {
      const instant = canonicalInstant(next);
      await writeOnCondition(
        ctx,
        'wake.settle',
        new UpdateCommand({
          TableName: ctx.tableName,
          Key: wakeKey(userId),
          UpdateExpression: `SET wakeAt = :next, #ttl = :ttl${served.length > 0 ? ' DELETE pulls :served' : ''}`,
          ExpressionAttributeNames: { '#ttl': TTL },
          ExpressionAttributeValues: { ':next': instant, ':ttl': expiryOf(instant), ...(served.length > 0 && { ':served': new Set(served) }) },
          ...ctx.capacityRequest,
        }),
      );
    },
  };
}
