import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import type { StoreContext } from './context.js';
import type { ItemKey } from './keys.js';

/** DynamoDB's limit per BatchGetItem call, and the calls per chunk before giving up on keys it keeps handing back (throttling). */
const KEYS_PER_CALL = 100;
const ATTEMPTS = 8;

/** Every item among `keys` that exists, in no particular order; keys handed back unprocessed are asked again, with jitter. */
export async function batchGetAll(ctx: StoreContext, op: string, keys: readonly ItemKey[], options: { consistent: boolean }): Promise<Record<string, unknown>[]> {
  const found: Record<string, unknown>[] = [];
  for (let i = 0; i < keys.length; i += KEYS_PER_CALL) {
    let pending: Record<string, unknown>[] = keys.slice(i, i + KEYS_PER_CALL).map((key) => ({ ...key }));
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (attempt > ATTEMPTS) throw new Error(`${op}: DynamoDB kept ${pending.length} keys unprocessed`);
      if (attempt > 1) await new Promise((resolve) => setTimeout(resolve, Math.random() * 50 * attempt));
      const output = await ctx.client.send(new BatchGetCommand({ RequestItems: { [ctx.tableName]: { Keys: pending, ConsistentRead: options.consistent } }, ...ctx.capacityRequest }));
      ctx.meter(op, 'read', output.ConsumedCapacity);
      found.push(...(output.Responses?.[ctx.tableName] ?? []));
      pending = output.UnprocessedKeys?.[ctx.tableName]?.Keys ?? [];
    }
  }
  return found;
}
