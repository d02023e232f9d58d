import { DeleteCommand, PutCommand, UpdateCommand, type PutCommandInput } from '@aws-sdk/lib-dynamodb';
import type { StoreContext } from './context.js';
import { isConditionalCheckFailed } from './errors.js';

/**
 * One write with a condition (a put, an update or a delete, built with the context's capacity
 * request): true when written, false when the condition did not hold (the item exists, or
 * changed meanwhile). Any other failure is thrown.
 */
export async function writeOnCondition(ctx: StoreContext, op: string, command: PutCommand | UpdateCommand | DeleteCommand): Promise<boolean> {
  try {
    const output = await ctx.client.send(command as PutCommand);
    ctx.meter(op, 'write', output.ConsumedCapacity);
    return true;
  } catch (error) {
    if (isConditionalCheckFailed(error)) return false;
    throw error;
  }
}

/** {@link writeOnCondition} of one PutItem. */
export function putOnCondition(ctx: StoreContext, op: string, input: Omit<PutCommandInput, 'TableName' | 'ReturnConsumedCapacity'>): Promise<boolean> {
  return writeOnCondition(ctx, op, new PutCommand({ ...input, TableName: ctx.tableName, ...ctx.capacityRequest }));
}
