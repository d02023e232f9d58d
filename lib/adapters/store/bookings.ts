import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionalCheckFailed } from './errors.js';
import { revisionOf, type Booking, type Proposal } from '../../core/domain/proposal.js';
import type { StoreContext } from './context.js';
import { ConcurrentUpdate, StoreRequestFailed } from '../../core/ports/store-errors.js';
import { bookingSequenceKey, canonicalInstant, claimKey, claimsStartingBefore, proposalKey, stepDueKey, stepDuePrefix, userPartition } from './keys.js';
import { BookingConflict, StaleProposal } from '../../core/ports/store-errors.js';
import { type BookingRepository, type ClaimGuard, type SlotClaim } from '../../core/ports/store.js';
import { proposalItem, retainUntilSeconds } from './proposal-items.js';
import { lockHolder, lockRelease } from './proposal-locks.js';
import { prefixQuery, queryAll } from './query.js';
import { getItem } from './read.js';
import { CONDITION_FAILED, conflictBackoff, onlyConflicted, transactWrite, type TransactItem, type TransactOutcome } from './transact.js';
import { TABLE } from './table-definition.js';

/**
 * Items:
 * - `{ pk: USER#<id>, sk: BOOKSEQ#<day>, entity: 'BookingSequence', seq, expiresAt: TTL }`: the
 *   version of the user's claims on one UTC day. Every booking, move, release and cancel bumps
 *   the sequences of its days in the same transaction as the claim change, and `book`/`move`
 *   only commit if they still have the values their caller read before checking free/busy. So
 *   bookings that could conflict (they share a day: claimDaysOf) are serialised: two guests (or
 *   two tabs) racing for overlapping times cannot both commit against the same picture of the
 *   calendar, while bookings on different days never wait for each other.
 * - `{ pk: USER#<id>, sk: CLAIM#<start>#<proposalId>, entity: 'SlotClaim', proposalId, start, end, expiresAt: TTL }`
 */

const ATTEMPTS = 5;
/** A day's sequence is only compared while bookings of that day can still happen. */
const SEQUENCE_RETENTION_SECONDS = 90 * 86_400;

const dayOf = (instant: string) => canonicalInstant(instant).slice(0, 10);

export function createBookingRepository(ctx: StoreContext): BookingRepository {
  const claimPut = (userId: string, proposal: Proposal, booking: Booking, condition?: string): TransactItem => ({
    Put: {
      TableName: ctx.tableName,
      Item: {
        ...claimKey(userId, booking.start, proposal.id),
        entity: 'SlotClaim',
        proposalId: proposal.id,
        // Canonical, so the string comparison in `claims` orders instants correctly.
        start: canonicalInstant(booking.start),
        end: canonicalInstant(booking.end),
        [TABLE.timeToLiveAttribute]: retainUntilSeconds(proposal),
      },
      ...(condition && { ConditionExpression: condition }),
    },
  });
  /** A tiny item per booking that owes its calendar a change: the sweep finds them with one cheap query. */
  const stepDuePut = (userId: string, proposal: Proposal): TransactItem => ({
    Put: { TableName: ctx.tableName, Item: { ...stepDueKey(userId, proposal.id), entity: 'BookingStepDue', [TABLE.timeToLiveAttribute]: retainUntilSeconds(proposal) } },
  });
  const claimDelete = (userId: string, proposal: Proposal, booking: Booking): TransactItem => ({
    Delete: { TableName: ctx.tableName, Key: claimKey(userId, booking.start, proposal.id) },
  });
  /**
   * Puts the proposal if the stored one is booked at `current.start`: the caller's view of the
   * booking matches, so the claim it deletes is the one that exists.
   */
  const bookedProposalPut = (userId: string, next: Proposal, current: Booking, options: { confirmedOnly?: boolean } = {}): TransactItem => {
    const revision = revisionCondition(current);
    return {
      Put: {
        TableName: ctx.tableName,
        Item: proposalItem(userId, next),
        ConditionExpression: `#status = :booked AND #booking.#start = :start AND ${revision.expression}${options.confirmedOnly ? ' AND #booking.#status = :confirmed' : ''}`,
        ExpressionAttributeNames: { '#status': 'status', '#booking': 'booking', '#start': 'start', ...revision.names },
        ExpressionAttributeValues: { ':booked': 'booked', ':start': current.start, ...revision.values, ...(options.confirmedOnly && { ':confirmed': 'confirmed' }) },
      },
    };
  };
  const sequenceAttributes = (day: string) => ({ ':entity': 'BookingSequence', ':ttl': Math.floor(Date.parse(`${day}T00:00:00.000Z`) / 1000) + SEQUENCE_RETENTION_SECONDS });
  const sequenceGuard = (userId: string, day: string, expected: number): TransactItem => ({
    Update: {
      TableName: ctx.tableName,
      Key: bookingSequenceKey(userId, day),
      UpdateExpression: 'SET #seq = :next, #entity = :entity, #ttl = :ttl',
      ConditionExpression: expected === 0 ? 'attribute_not_exists(#seq)' : '#seq = :expected',
      ExpressionAttributeNames: { '#seq': 'seq', '#entity': 'entity', '#ttl': TABLE.timeToLiveAttribute },
      ExpressionAttributeValues: { ':next': expected + 1, ...sequenceAttributes(day), ...(expected !== 0 && { ':expected': expected }) },
    },
  });
  /** Releases free time: no one can be hurt by it, so it bumps without a guard. */
  const sequenceBump = (userId: string, day: string): TransactItem => ({
    Update: {
      TableName: ctx.tableName,
      Key: bookingSequenceKey(userId, day),
      UpdateExpression: 'ADD #seq :one SET #entity = :entity, #ttl = :ttl',
      ExpressionAttributeNames: { '#seq': 'seq', '#entity': 'entity', '#ttl': TABLE.timeToLiveAttribute },
      ExpressionAttributeValues: { ':one': 1, ...sequenceAttributes(day) },
    },
  });
  const guards = (userId: string, guard: ClaimGuard): TransactItem[] => {
    const days = Object.keys(guard).sort();
    if (days.length === 0) throw new Error('a booking needs the sequence of at least one day');
    return days.map((day) => sequenceGuard(userId, day, guard[day]!));
  };

  /** `book` and `move`: a failed guard means "re-check and retry"; a failed proposal condition is final. */
  const guarded = async (op: string, guardCount: number, items: TransactItem[]): Promise<void> => {
    const outcome = await transactWrite(ctx, op, items);
    if (outcome.committed) return;
    if (outcome.reasons.slice(guardCount).includes(CONDITION_FAILED)) throw new BookingConflict('not-open');
    // A concurrent transaction on a sequence is another booking of this user on that day: same answer.
    if (outcome.reasons.slice(0, guardCount).includes(CONDITION_FAILED) || onlyConflicted(outcome)) throw new BookingConflict('sequence');
    throw cancelled(op, outcome);
  };

  /** `release` and `cancel`: unguarded, so a lost race is simply retried; a failed condition is a stale caller. */
  const unguarded = async (op: string, proposal: Proposal, items: () => Promise<TransactItem[]>): Promise<void> => {
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      const outcome = await transactWrite(ctx, op, await items());
      if (outcome.committed) return;
      // Index 2 is the proposal's put; a failed lock delete (index 3) means it was released meanwhile.
      if (outcome.reasons[2] === CONDITION_FAILED) throw new StaleProposal(`proposal ${proposal.id} is not booked as the caller thinks`);
      if (!outcome.reasons.includes(CONDITION_FAILED) && !onlyConflicted(outcome)) throw cancelled(op, outcome);
      await conflictBackoff(attempt);
    }
    throw new ConcurrentUpdate(`${op}: proposal ${proposal.id} changed concurrently ${ATTEMPTS} times; giving up`);
  };

  return {
    async sequences(userId, days) {
      const entries = await Promise.all(
        [...new Set(days)].map(async (day) => {
          const item = await getItem(ctx, 'bookings.sequences', bookingSequenceKey(userId, day));
          return [day, typeof item?.seq === 'number' ? item.seq : 0] as const;
        }),
      );
      return Object.fromEntries(entries);
    },

    async claims(userId, range) {
      if (!(Date.parse(range.from) < Date.parse(range.to))) return [];
      const { lower, upper } = claimsStartingBefore(range.to);
      // The key orders claims by start, so "starts before `to`" is a key range; "ends after
      // `from`" cannot be, and is a filter. A user has a handful of live claims (the TTL removes
      // old ones), so the filter reads little.
      const items = await queryAll(ctx, 'bookings.claims', {
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :lower AND :upper',
        FilterExpression: '#end > :from',
        ExpressionAttributeNames: { '#end': 'end' },
        ExpressionAttributeValues: { ':pk': userPartition(userId), ':lower': lower, ':upper': upper, ':from': canonicalInstant(range.from) },
        ConsistentRead: true,
      });
      return items.map((item): SlotClaim => ({ proposalId: String(item.proposalId), start: String(item.start), end: String(item.end) }));
    },

    async book(userId, proposal, booking, guard) {
      const booked: Proposal = { ...proposal, status: 'booked', booking };
      const dayGuards = guards(userId, guard);
      await guarded('bookings.book', dayGuards.length, [
        ...dayGuards,
        claimPut(userId, proposal, booking, 'attribute_not_exists(pk)'),
        {
          Put: {
            TableName: ctx.tableName,
            Item: proposalItem(userId, booked),
            ConditionExpression: '#status = :open',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':open': 'open' },
          },
        },
        ...(booking.calendarDue ? [stepDuePut(userId, proposal)] : []),
      ]);
    },

    async release(userId, proposal) {
      const current = bookingOf(proposal);
      const { booking: _booking, ...rest } = proposal;
      const reopened: Proposal = { ...rest, status: 'open' };
      await unguarded('bookings.release', proposal, async () => [
        sequenceBump(userId, dayOf(current.start)),
        claimDelete(userId, proposal, current),
        bookedProposalPut(userId, reopened, current),
        // Nothing is owed to the calendar any more: the booking is undone.
        { Delete: { TableName: ctx.tableName, Key: stepDueKey(userId, proposal.id) } },
      ]);
    },

    async move(userId, proposal, booking, guard) {
      const current = bookingOf(proposal);
      const sameClaim = Date.parse(current.start) === Date.parse(booking.start);
      const dayGuards = guards(userId, guard);
      await guarded('bookings.move', dayGuards.length, [
        ...dayGuards,
        // One transaction may not touch an item twice: moving within the same start only rewrites the claim.
        ...(sameClaim ? [claimPut(userId, proposal, booking)] : [claimPut(userId, proposal, booking, 'attribute_not_exists(pk)'), claimDelete(userId, proposal, current)]),
        bookedProposalPut(userId, { ...proposal, booking }, current, { confirmedOnly: true }),
        ...(booking.calendarDue ? [stepDuePut(userId, proposal)] : []),
      ]);
    },

    async settle(userId, proposalId, booking) {
      const revision = revisionCondition(booking);
      const outcome = await transactWrite(ctx, 'bookings.settle', [
        {
          Update: {
            TableName: ctx.tableName,
            Key: proposalKey(userId, proposalId),
            UpdateExpression: 'REMOVE #booking.#due',
            ConditionExpression: `#booking.#due = :due AND ${revision.expression}`,
            ExpressionAttributeNames: { '#booking': 'booking', '#due': 'calendarDue', ...revision.names },
            ExpressionAttributeValues: { ':due': booking.calendarDue ?? 'none', ...revision.values },
          },
        },
        { Delete: { TableName: ctx.tableName, Key: stepDueKey(userId, proposalId) } },
      ]);
      // Not committed: settled by a concurrent run, or a newer change owns the booking (and its marker) now.
      return outcome.committed ? 'settled' : 'superseded';
    },

    async recordMeetingLink(userId, proposalId, eventId, meetingUrl) {
      try {
        const output = await ctx.client.send(
          new UpdateCommand({
            TableName: ctx.tableName,
            Key: proposalKey(userId, proposalId),
            UpdateExpression: 'SET #booking.#url = :url',
            ConditionExpression: '#booking.#eventId = :eventId',
            ExpressionAttributeNames: { '#booking': 'booking', '#url': 'meetingUrl', '#eventId': 'eventId' },
            ExpressionAttributeValues: { ':url': meetingUrl, ':eventId': eventId },
            ...ctx.capacityRequest,
          }),
        );
        ctx.meter('bookings.recordMeetingLink', 'write', output.ConsumedCapacity);
        return true;
      } catch (error) {
        // Released or re-claimed meanwhile: this link belongs to an event the booking no longer has.
        if (isConditionalCheckFailed(error)) return false;
        throw error;
      }
    },

    async due(userId) {
      const items = await queryAll(ctx, 'bookings.due', { ...prefixQuery(userPartition(userId), stepDuePrefix), ConsistentRead: false, ProjectionExpression: 'sk' });
      return items.map((item) => String(item.sk).slice(stepDuePrefix.length));
    },

    async cancel(userId, proposal, cancelled) {
      const current = bookingOf(proposal);
      await unguarded('bookings.cancel', proposal, async () => [
        sequenceBump(userId, dayOf(current.start)),
        claimDelete(userId, proposal, current),
        bookedProposalPut(userId, { ...proposal, booking: cancelled }, current, { confirmedOnly: true }),
        ...(cancelled.calendarDue ? [stepDuePut(userId, proposal)] : []),
        // The coffee is off: the contact may be offered a new one.
        ...lockRelease(ctx, userId, proposal, await lockHolder(ctx, 'bookings.cancel', userId, proposal.contactEmail)),
      ]);
    },
  };
}

/** The stored booking is at the caller's revision (bookings written before revisions existed are at 0). */
function revisionCondition(booking: Booking): { expression: string; names: Record<string, string>; values: Record<string, number> } {
  const revision = revisionOf(booking);
  return {
    expression: revision === 0 ? '(attribute_not_exists(#booking.#revision) OR #booking.#revision = :revision)' : '#booking.#revision = :revision',
    names: { '#revision': 'revision' },
    values: { ':revision': revision },
  };
}

function bookingOf(proposal: Proposal): Booking {
  if (!proposal.booking) throw new StaleProposal(`proposal ${proposal.id} has no booking`);
  return proposal.booking;
}

function cancelled(op: string, outcome: Extract<TransactOutcome, { committed: false }>): StoreRequestFailed {
  return new StoreRequestFailed(`${op} cancelled: ${outcome.reasons.join(', ')}`);
}
