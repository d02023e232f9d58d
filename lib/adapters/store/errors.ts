import { StoreError } from '../../core/ports/store.js';

/**
 * The store's failures beyond those the model names (NotFound, AlreadyExists). Callers see
 * these typed errors with a safe message; the SDK error, if any, is only the `cause`, for logs.
 */

/** A key part that would make keys ambiguous or order wrongly (a `#` in an id, a local time). */
export class InvalidKey extends StoreError {
  override name = 'InvalidKey';
}

/** BatchWriteItem kept returning unprocessed items after every retry. */
export class BatchWriteIncomplete extends StoreError {
  override name = 'BatchWriteIncomplete';
  constructor(
    readonly op: string,
    readonly unprocessed: number,
    readonly attempts: number,
  ) {
    super(`${op}: ${unprocessed} item(s) still unprocessed after ${attempts} attempts`);
  }
}

/** An optimistic-lock update lost the race more times than it is allowed to retry. */
export class ConcurrentUpdate extends StoreError {
  override name = 'ConcurrentUpdate';
}

/** DynamoDB (or the network) failed in a way the store does not translate into a rule. */
export class StoreRequestFailed extends StoreError {
  override name = 'StoreRequestFailed';
}

/** True for DynamoDB's answer to a failed ConditionExpression, whatever SDK copy threw it. */
export function isConditionalCheckFailed(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

/** Our errors pass through; anything else becomes a StoreRequestFailed with the SDK error as cause. */
export function toStoreError(op: string, error: unknown): StoreError {
  if (error instanceof StoreError) return error;
  return new StoreRequestFailed(`${op} failed`, { cause: error });
}
