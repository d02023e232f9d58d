import type { Proposal } from '../../core/domain/proposal.js';
import type { StoreContext } from './context.js';
import { proposalLockKey } from './keys.js';
import { getItem } from './read.js';
import type { TransactItem } from './transact.js';

/** The id of the contact's active proposal, as its lock item says. */
export async function lockHolder(ctx: StoreContext, op: string, userId: string, contactEmail: string): Promise<string | null> {
  const item = await getItem(ctx, op, proposalLockKey(userId, contactEmail));
  return typeof item?.proposalId === 'string' ? item.proposalId : null;
}

/**
 * The transaction items that release a proposal's lock, given who holds it now. A transaction
 * cannot "delete if it matches, else skip", so callers read the lock first and the delete joins
 * only when it points at this proposal. While it does, nobody else can take it (create's
 * condition), so the read can only go stale through a concurrent release: the delete's own
 * condition then cancels the transaction and the caller retries.
 */
export function lockRelease(ctx: StoreContext, userId: string, proposal: Pick<Proposal, 'id' | 'contactEmail'>, holder: string | null): TransactItem[] {
  if (holder !== proposal.id) return [];
  return [
    {
      Delete: {
        TableName: ctx.tableName,
        Key: proposalLockKey(userId, proposal.contactEmail),
        ConditionExpression: 'proposalId = :id',
        ExpressionAttributeValues: { ':id': proposal.id },
      },
    },
  ];
}
