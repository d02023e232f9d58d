import { StoreError, StoreRequestFailed } from '../../core/ports/store-errors.js';

/** True for DynamoDB's answer to a failed ConditionExpression, whatever SDK copy threw it. */
export function isConditionalCheckFailed(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

/** True when DynamoDB refused a plain write because a transaction was changing the same item. */
export function isTransactionConflict(error: unknown): boolean {
  return error instanceof Error && error.name === 'TransactionConflictException';
}

/** Our errors pass through; anything else becomes a StoreRequestFailed with the SDK error as cause. */
export function toStoreError(op: string, error: unknown): StoreError {
  if (error instanceof StoreError) return error;
  return new StoreRequestFailed(`${op} failed`, { cause: error });
}
