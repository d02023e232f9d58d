import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { StoreContext } from './context.js';
import type { ItemKey } from './keys.js';

/**
 * One item by key, strongly consistent: these reads decide writes, so a replica's older copy
 * would not do, unless the caller says a second-old copy is as good (`eventual`, half the units).
 */
export async function getItem(ctx: StoreContext, op: string, key: ItemKey, options: { eventual?: boolean } = {}): Promise<Record<string, unknown> | undefined> {
  const output = await ctx.client.send(new GetCommand({ TableName: ctx.tableName, Key: key, ConsistentRead: options.eventual !== true, ...ctx.capacityRequest }));
  ctx.meter(op, 'read', output.ConsumedCapacity);
  return output.Item;
}
