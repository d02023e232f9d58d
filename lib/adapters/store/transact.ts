import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { StoreContext } from './context.js';

/** One Put, Update, Delete or ConditionCheck of a TransactWriteItems call (document-client shape). */
export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * Why DynamoDB refused each item of a cancelled transaction, index for index with the items
 * (`ConditionalCheckFailed`, `TransactionConflict`, `None` for an item that was fine, …).
 * See the TransactWriteItems API reference, "CancellationReasons".
 */
export type TransactOutcome = { committed: true } | { committed: false; reasons: readonly string[] };

export const CONDITION_FAILED = 'ConditionalCheckFailed';
/** Another transaction was writing one of the same items at the same moment. */
export const TRANSACTION_CONFLICT = 'TransactionConflict';

/**
 * Writes all items or none. A cancelled transaction is an answer, not a failure: callers map
 * its reasons to their own typed errors, so it is returned; any other error is thrown.
 */
export async function transactWrite(ctx: StoreContext, op: string, items: readonly TransactItem[]): Promise<TransactOutcome> {
  try {
    const output = await ctx.client.send(new TransactWriteCommand({ TransactItems: [...items], ...ctx.capacityRequest }));
    ctx.meter(op, 'write', output.ConsumedCapacity);
    return { committed: true };
  } catch (error) {
    const reasons = cancellationReasonsOf(error);
    if (!reasons) throw error;
    return { committed: false, reasons: items.map((_, index) => reasons[index] ?? 'None') };
  }
}

function cancellationReasonsOf(error: unknown): string[] | undefined {
  if (!(error instanceof Error) || error.name !== 'TransactionCanceledException') return undefined;
  const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
  return reasons.map((reason) => reason.Code ?? 'None');
}

/** True when only a concurrent transaction, not a condition, stopped this one: worth a retry. */
export function onlyConflicted(outcome: { reasons: readonly string[] }): boolean {
  return outcome.reasons.includes(TRANSACTION_CONFLICT) && !outcome.reasons.includes(CONDITION_FAILED);
}

/** A short random wait before retrying a transaction that lost a race (full jitter). */
export function conflictBackoff(attempt: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
}
