import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { ReadOptions } from '../../core/ports/store.js';
import type { StoreContext } from './context.js';

export type QueryInput = Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey' | 'ReturnConsumedCapacity'>;

/**
 * Runs a Query to the end (or until `limit` items), following LastEvaluatedKey: one page
 * holds at most 1 MB, so a single call silently misses the rest of a large partition.
 */
export async function queryAll(
  ctx: StoreContext,
  op: string,
  input: QueryInput,
  limit = Number.POSITIVE_INFINITY,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const remaining = limit - items.length;
    const output = await ctx.client.send(
      new QueryCommand({
        ...input,
        ...ctx.capacityRequest,
        TableName: ctx.tableName,
        ExclusiveStartKey: startKey,
        ...(Number.isFinite(remaining) && { Limit: remaining }),
      }),
    );
    ctx.meter(op, 'read', output.ConsumedCapacity);
    items.push(...(output.Items ?? []));
    startKey = output.LastEvaluatedKey;
  } while (startKey !== undefined && items.length < limit);
  return items;
}

/** A query of the user's items whose sort key starts with `prefix`: strongly consistent unless `eventual` (ports/store.ts ReadOptions). */
export function prefixQuery(pk: string, prefix: string, options: ReadOptions = {}): QueryInput {
  return {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': pk, ':prefix': prefix },
    ConsistentRead: options.eventual !== true,
  };
}
