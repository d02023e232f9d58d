import { randomBytes } from 'node:crypto';
import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { SweepWake, WakeRepository } from '../../core/ports/wake.js';
import type { StoreContext } from './context.js';
import { writeOnCondition } from './conditional-put.js';
import { isTransactionConflict } from './errors.js';
import { pullEntry, SWEEP_AT_LEAST_EVERY_MS } from '../../core/domain/sweep-pulls.js';
import { canonicalInstant, ttlSecondsOf } from './keys.js';
import { wakeItemsOf, wakeKey, wakeOwnerOf, wakeShardKey, wakeStepKey } from './schedule-keys.js';
import { queryAll } from './query.js';
import { TABLE } from './table-definition.js';
import type { TransactItem } from './transact.js';

/**
 * Each user's next sweep time, one small item per user in their sweep shard's partition
 * (`WAKE#<shard>`, and one per booking change not yet served: below), so the tick reads a whole shard's times in one Query of a few hundred bytes
 * a page instead of waking every user to find most have nothing to do.
 *
 * Two kinds of time, so a sweep never hides work it did not see: `wakeAt`, which only a sweep
 * writes (what it computed from what it read), and `pulls`, a set of instants that work stored
 * between sweeps adds (each with a nonce, so two pulls for one instant are two entries). Adding
 * is one unconditional write that never fails for another pull; a sweep the tick enqueued
 * removes exactly the pulls the tick saw due, so one added while it ran stays for the next tick.
 * The item expires a week after its sweep time: a user deleted meanwhile leaves nothing, and a
 * live user's entry is rewritten at least every twelve hours (an entry gone makes its user due).
 *
 * A booking change (a claim, a move, a cancel) pulls from inside the transaction that records it,
 * so the pull cannot be lost and costs the guest no request of its own (the sweep that serves it
 * deletes it, one write): an item of its own beside the
 * user's (`USER#<id>#STEP#<proposalId>`, schedule-keys.ts), as two transactions writing the user's one
 * item at once would fail each other. The tick reads it with the shard; the sweep that served
 * its entry deletes it, unless a newer change of that booking has written it again since.
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

/** Marks a booking change's entry, so the sweep that serves it knows which item to delete. */
const STEP_NONCE = 'step.';

/** The pull of a booking change: put in the transaction that records the change (bookings.ts). */
export function stepPullPut(ctx: StoreContext, userId: string, proposalId: string): TransactItem {
  const instant = canonicalInstant(ctx.now());
  return {
    Put: {
      TableName: ctx.tableName,
      Item: {
        ...wakeStepKey(userId, proposalId),
        pulls: new Set([pullEntry(instant, `${STEP_NONCE}${proposalId}.${randomBytes(4).toString('hex')}`)]),
        [TTL]: expiryOf(instant),
      },
    },
  };
}

/** The booking whose change an entry is the pull of, or undefined for a plain pull. */
function stepOfEntry(entry: string): string | undefined {
  const nonce = entry.slice(entry.indexOf('#') + 1);
  return nonce.startsWith(STEP_NONCE) ? nonce.slice(STEP_NONCE.length, nonce.lastIndexOf('.')) : undefined;
}

/** One user's wake from their items: the time from their own, the pulls of all of them, oldest first. */
function wakeOf(items: readonly Record<string, unknown>[]): SweepWake {
  const wake: SweepWake = {};
  const pulls: string[] = [];
  for (const item of items) {
    if (typeof item.wakeAt === 'string') wake.wakeAt = item.wakeAt;
    if (item.pulls instanceof Set) pulls.push(...(item.pulls as Set<string>));
  }
  if (pulls.length > 0) wake.pulls = pulls.sort();
  return wake;
}

/** What the tick and a user's own read need of a wake item: its key, its time, its pulls. */
const WAKE_ATTRIBUTES = 'sk, wakeAt, pulls';

/** Items grouped by the user they wake. */
function byUser(items: readonly Record<string, unknown>[]): Map<string, Record<string, unknown>[]> {
  const users = new Map<string, Record<string, unknown>[]>();
  for (const item of items) {
    const userId = wakeOwnerOf(String(item.sk));
    const own = users.get(userId);
    if (own) own.push(item);
    else users.set(userId, [item]);
  }
  return users;
}

export function createWakeRepository(ctx: StoreContext): WakeRepository {
  return {
    async shard(shard) {
      const items = await queryAll(ctx, 'wake.shard', {
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': wakeShardKey(shard) },
        ProjectionExpression: WAKE_ATTRIBUTES,
        ConsistentRead: false,
      });
      return new Map([...byUser(items)].map(([userId, own]) => [userId, wakeOf(own)]));
    },

    async of(userId) {
      const { lower, upper } = wakeItemsOf(userId);
      const items = await queryAll(ctx, 'wake.of', {
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :lower AND :upper',
        ExpressionAttributeValues: { ':pk': wakeKey(userId).pk, ':lower': lower, ':upper': upper },
        ProjectionExpression: WAKE_ATTRIBUTES,
        ConsistentRead: true,
      });
      return wakeOf(byUser(items).get(userId) ?? []);
    },

    pull: (userId, at) => pullWake(ctx, userId, at),

    async settle(userId, next, served = []) {
      const instant = canonicalInstant(next);
      const ownServed = served.filter((entry) => stepOfEntry(entry) === undefined);
      await writeOnCondition(
        ctx,
        'wake.settle',
        new UpdateCommand({
          TableName: ctx.tableName,
          Key: wakeKey(userId),
          UpdateExpression: `SET wakeAt = :next, #ttl = :ttl${ownServed.length > 0 ? ' DELETE pulls :served' : ''}`,
          ExpressionAttributeNames: { '#ttl': TTL },
          ExpressionAttributeValues: { ':next': instant, ':ttl': expiryOf(instant), ...(ownServed.length > 0 && { ':served': new Set(ownServed) }) },
          ...ctx.capacityRequest,
        }),
      );
      // A booking's pull item goes once served, unless that booking's next change has replaced
      // its entry. A change in flight on it (a transaction) refuses the delete: the item is then
      // served again by the next tick, which costs a sweep, never a lost one.
      const removals = await Promise.allSettled(
        served.flatMap((entry) => {
          const proposalId = stepOfEntry(entry);
          if (proposalId === undefined) return [];
          const remove = new DeleteCommand({
            TableName: ctx.tableName,
            Key: wakeStepKey(userId, proposalId),
            ConditionExpression: 'contains(pulls, :entry)',
            ExpressionAttributeValues: { ':entry': entry },
            ...ctx.capacityRequest,
          });
          return [writeOnCondition(ctx, 'wake.settle', remove)];
        }),
      );
      const failed = removals.find((r): r is PromiseRejectedResult => r.status === 'rejected' && !isTransactionConflict(r.reason));
      if (failed) throw failed.reason;
    },
  };
}
