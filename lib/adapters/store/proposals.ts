import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { ProposalStatus } from '../../core/domain/proposal.js';
import type { StoreContext } from './context.js';
import { ConcurrentUpdate, StoreRequestFailed } from '../../core/ports/store-errors.js';
import { isConditionalCheckFailed } from './errors.js';
import { bookingLinkKey, proposalKey, proposalLockKey, proposalPrefix, userPartition } from './keys.js';
import { AlreadyExists, ContactHasProposal, StaleProposal } from '../../core/ports/store-errors.js';
import { type BookingLinkTarget, type ProposalRepository } from '../../core/ports/store.js';
import { linkItem, linkTargetFromItem, lockItem, proposalFromItem, proposalItem } from './proposal-items.js';
import { lockHolder, lockRelease } from './proposal-locks.js';
import { prefixQuery, queryAll } from './query.js';
import { getItem } from './read.js';
import { CONDITION_FAILED, conflictBackoff, onlyConflicted, transactWrite, type TransactItem } from './transact.js';

/**
 * Items (see proposal-items.ts for the attributes):
 * - `{ pk: USER#<id>, sk: PROPOSAL#<proposalId>, entity: 'Proposal', ...Proposal, linkExpiresAt, expiresAt: TTL }`
 * - `{ pk: USER#<id>, sk: PLOCK#<email>, entity: 'ProposalLock', proposalId, expiresAt: TTL }`
 * - `{ pk: LINK#<tokenHash>, sk: LINK, entity: 'BookingLink', userId, proposalId, linkExpiresAt, expiresAt: TTL }`
 *
 * The lock makes "one active proposal per contact" a database rule rather than a check: two
 * overlapping proposer runs cannot both offer coffee to the same person.
 */

/** Transactions retried when they only lost a race to another transaction on the same items. */
const ATTEMPTS = 5;
/** Link targets a store instance remembers (about 200 bytes each); past it, the oldest is forgotten. */
const REMEMBERED_LINKS = 1_000;
const CLOSING: ReadonlySet<ProposalStatus> = new Set(['expired', 'cancelled']);

export function createProposalRepository(ctx: StoreContext): ProposalRepository {
  const put = (Item: Record<string, unknown>, ConditionExpression: string, values?: Record<string, unknown>): TransactItem => ({
    Put: { TableName: ctx.tableName, Item, ConditionExpression, ...(values && { ExpressionAttributeValues: values }) },
  });

  /**
   * A link's target, once read, is the same on every later read: the item is created once with
   * a condition and never rewritten (only its TTL removes it, with its proposal). So a warm
   * instance that showed a guest the page does not look it up again for the booking that
   * follows. Only found links are kept: a link created after a miss is found on the next read.
   * Whether the link may still be used is the proposal's to say, and the proposal is always read.
   */
  const linkTargets = new Map<string, BookingLinkTarget>();

  return {
    async get(userId, proposalId) {
      const item = await getItem(ctx, 'proposals.get', proposalKey(userId, proposalId));
      return item ? proposalFromItem(item) : null;
    },

    async list(userId) {
      const items = await queryAll(ctx, 'proposals.list', prefixQuery(userPartition(userId), proposalPrefix));
      return items.map(proposalFromItem);
    },

    async create(userId, proposal) {
      const items = [
        put(proposalItem(userId, proposal), 'attribute_not_exists(pk)'),
        put(lockItem(userId, proposal), 'attribute_not_exists(pk) OR proposalId = :id', { ':id': proposal.id }),
        put(linkItem(userId, proposal), 'attribute_not_exists(pk)'),
      ];
      for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
        const outcome = await transactWrite(ctx, 'proposals.create', items);
        if (outcome.committed) return;
        const [proposalReason, lockReason, linkReason] = outcome.reasons;
        // The id decides first: a retried create of the same proposal is "already exists".
        if (proposalReason === CONDITION_FAILED) throw new AlreadyExists(`proposal ${proposal.id} already exists`);
        if (linkReason === CONDITION_FAILED) throw new AlreadyExists(`the booking link of proposal ${proposal.id} already exists`);
        if (lockReason === CONDITION_FAILED) {
          const holder = await lockHolder(ctx, 'proposals.create', userId, proposal.contactEmail);
          if (holder !== null && holder !== proposal.id) throw new ContactHasProposal(holder);
          // Released between our write and our read: the contact is free now, try again.
        } else if (!onlyConflicted(outcome)) {
          throw new StoreRequestFailed(`proposals.create cancelled: ${outcome.reasons.join(', ')}`);
        }
        await conflictBackoff(attempt);
      }
      throw new ConcurrentUpdate(`proposal ${proposal.id}: the contact's lock kept changing; giving up`);
    },

    activeFor(userId, contactEmail) {
      return lockHolder(ctx, 'proposals.activeFor', userId, contactEmail);
    },

    async save(userId, proposal, expected) {
      if (expected.length === 0) throw new StaleProposal(`proposal ${proposal.id}: no expected status given`);
      const condition = {
        ConditionExpression: `#status IN (${expected.map((_, i) => `:expected${i}`).join(', ')})`,
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: Object.fromEntries(expected.map((status, i) => [`:expected${i}`, status])),
      };
      const stale = () => new StaleProposal(`proposal ${proposal.id} is not ${expected.join(' or ')} any more`);
      const item = proposalItem(userId, proposal);

      if (!CLOSING.has(proposal.status)) {
        try {
          const output = await ctx.client.send(new PutCommand({ TableName: ctx.tableName, Item: item, ...condition, ...ctx.capacityRequest }));
          ctx.meter('proposals.save', 'write', output.ConsumedCapacity);
          return;
        } catch (error) {
          if (isConditionalCheckFailed(error)) throw stale();
          throw error;
        }
      }

      for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
        const holder = await lockHolder(ctx, 'proposals.save', userId, proposal.contactEmail);
        const outcome = await transactWrite(ctx, 'proposals.save', [
          { Put: { TableName: ctx.tableName, Item: item, ...condition } },
          ...lockRelease(ctx, userId, proposal, holder),
        ]);
        if (outcome.committed) return;
        if (outcome.reasons[0] === CONDITION_FAILED) throw stale();
        await conflictBackoff(attempt);
      }
      throw new ConcurrentUpdate(`proposal ${proposal.id} changed concurrently ${ATTEMPTS} times; giving up`);
    },

    async releaseLock(userId, contactEmail, proposalId) {
      try {
        const output = await ctx.client.send(
          new DeleteCommand({
            TableName: ctx.tableName,
            Key: proposalLockKey(userId, contactEmail),
            // Never release a newer proposal's lock.
            ConditionExpression: 'proposalId = :id',
            ExpressionAttributeValues: { ':id': proposalId },
            ...ctx.capacityRequest,
          }),
        );
        ctx.meter('proposals.releaseLock', 'write', output.ConsumedCapacity);
      } catch (error) {
        if (!isConditionalCheckFailed(error)) throw error; // already released, or not ours: done either way
      }
    },

    async resolveLink(tokenHash) {
      const known = linkTargets.get(tokenHash);
      if (known) return { ...known };
      const item = await getItem(ctx, 'proposals.resolveLink', bookingLinkKey(tokenHash));
      if (!item) return null;
      const target = linkTargetFromItem(item);
      if (linkTargets.size >= REMEMBERED_LINKS) linkTargets.delete(linkTargets.keys().next().value!);
      linkTargets.set(tokenHash, target);
      return { ...target };
    },
  };
}
