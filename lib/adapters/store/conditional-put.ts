import { PutCommand, type PutCommandInput } from '@aws-sdk/lib-dynamodb';
import type { StoreContext } from './context.js';
import { isConditionalCheckFailed } from './errors.js';

/**
 * One PutItem with a condition: true when written, false when the condition did not hold
 * (the item exists, or changed meanwhile). Any other failure is thrown.
 */
export async function putOnCondition(ctx: StoreContext, op: string, input: Omit<PutCommandInput, 'TableName' | 'ReturnConsumedCapacity'>): Promise<boolean> {
  try {
    const output = await ctx.client.send(new PutCommand({ ...input, TableName: ctx.tableName, ...ctx.capacityRequest }));
    ctx.meter(op, 'write', output.ConsumedCapacity);
    return true;
  } catch (error) {
    if (isConditionalCheckFailed(error)) return false;
    throw error;
  }
}
