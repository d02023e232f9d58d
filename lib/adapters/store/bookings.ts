import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { revisionOf, type Booking, type Proposal } from '../../core/domain/proposal.js';
import { writeOnCondition } from './conditional-put.js';
import { clearStepMarker, readStepMarkers, stepMarkerPut } from './step-markers.js';
import { stepPullPut } from './wake.js';
import type { StoreContext } from './context.js';
import { ConcurrentUpdate, StoreRequestFailed } from '../../core/ports/store-errors.js';
import { canonicalInstant, claimKey, claimsStartingBefore, proposalKey, stepDueKey, userPartition } from './keys.js';
import { cellStartOf, claimCellKey, claimCellRange, claimCellsOf } from './claim-cells.js';
import { BookingConflict, StaleProposal } from '../../core/ports/store-errors.js';
import { type BookingRepository, type ClaimGuard } from '../../core/ports/bookings.js';
import { readCalendarState, readProposalWithSettings, slotClaimOf } from './booking-reads.js';
import { proposalItem, retainUntilSeconds } from './proposal-items.js';
import { lockHolder, lockRelease } from './proposal-locks.js';
import { queryAll } from './query.js';
import { CONDITION_FAILED, conflictBackoff, onlyConflicted, transactWrite, type TransactItem, type TransactOutcome } from './transact.js';
import { TABLE } from './table-definition.js';

/**
 * Items:
 * - `{ pk: USER#<id>, sk: BOOKCELL#<cell start>, entity: 'ClaimCell', seq, expiresAt: TTL }`:
 *   the version of the user's claims on one 15-minute cell of UTC time (claim-cells.ts). `book` and
 *   `move` bump every cell their claim span (the slot with its buffers) touches, in the same
 *   transaction as the claim, and commit only if each cell is still at the version their
 *   caller read before checking free/busy. Two bookings that could not both stand have
 *   overlapping spans, so they share a cell: one commits, the other re-checks and sees it.
 *   Bookings of times apart touch different cells and never wait for each other. A version,
 *   not a bare "taken" mark: a cell is shared by neighbours whose buffered times only come
 *   close (a coffee ending at 09:05 and one starting at 09:10), and the loser of such a race
 *   re-checks and commits, where an exclusive mark would refuse it for good.
 * - `{ pk: USER#<id>, sk: CLAIM#<start>#<proposalId>, entity: 'SlotClaim', proposalId, start, end, expiresAt: TTL }`
 */

const ATTEMPTS = 5;
/**
 * A cell's version is only compared while a booking can still touch it: its slot starts in
 * the future and its buffers reach back at most 240 minutes, so two days is ample. Were an
 * item deleted while someone held its version, its condition would fail, never pass wrongly.
 */
const CELL_RETENTION_SECONDS = 2 * 86_400;

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
  const cellGuard = (userId: string, cell: string, expected: number): TransactItem => ({
    Update: {
      TableName: ctx.tableName,
      Key: claimCellKey(userId, cell),
      UpdateExpression: 'SET #seq = :next, #entity = :entity, #ttl = :ttl',
      ConditionExpression: expected === 0 ? 'attribute_not_exists(#seq)' : '#seq = :expected',
      ExpressionAttributeNames: { '#seq': 'seq', '#entity': 'entity', '#ttl': TABLE.timeToLiveAttribute },
      ExpressionAttributeValues: {
        ':next': expected + 1,
        ':entity': 'ClaimCell',
        ':ttl': Math.floor(Date.parse(cell) / 1000) + CELL_RETENTION_SECONDS,
        ...(expected !== 0 && { ':expected': expected }),
      },
    },
  });
  const guards = (userId: string, guard: ClaimGuard): TransactItem[] => {
    const cells = Object.keys(guard).sort();
    if (cells.length === 0) throw new Error('a booking needs the versions of the cells of its span');
    return cells.map((cell) => cellGuard(userId, cell, guard[cell]!));
  };

  /** `book` and `move`: a failed guard means "re-check and retry"; a failed proposal condition is final. */
  const guarded = async (op: string, guardCount: number, items: TransactItem[]): Promise<void> => {
    const outcome = await transactWrite(ctx, op, items);
    if (outcome.committed) return;
    if (outcome.reasons.slice(guardCount).includes(CONDITION_FAILED)) throw new BookingConflict('not-open');
    if (outcome.reasons.slice(0, guardCount).includes(CONDITION_FAILED)) throw new BookingConflict('sequence');
    // A concurrent transaction on a cell is another booking of this user close by, which may
    // have been cancelled too: the caller must not count this as a claim that committed.
    if (onlyConflicted(outcome)) throw new BookingConflict('contended');
    throw cancelled(op, outcome);
  };

  /** `release` and `cancel`: unguarded, so a lost race is simply retried; a failed condition is a stale caller. */
  const unguarded = async (op: string, proposal: Proposal, items: () => Promise<TransactItem[]>): Promise<void> => {
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      const outcome = await transactWrite(ctx, op, await items());
      if (outcome.committed) return;
      // Index 1 is the proposal's put; a failed lock delete (after it) means it was released meanwhile.
      if (outcome.reasons[1] === CONDITION_FAILED) throw new StaleProposal(`proposal ${proposal.id} is not booked as the caller thinks`);
      if (!outcome.reasons.includes(CONDITION_FAILED) && !onlyConflicted(outcome)) throw cancelled(op, outcome);
      await conflictBackoff(attempt);
    }
    throw new ConcurrentUpdate(`${op}: proposal ${proposal.id} changed concurrently ${ATTEMPTS} times; giving up`);
  };

  /**
   * A step marker left for the sweep (its calendar change owed, or its clearing), and the pull
   * that has the next tick sweep the user, both in the transaction that decides the change.
   */
  const stepItems = (userId: string, proposal: Proposal, booking: Booking): TransactItem[] =>
    booking.calendarDue ? [stepMarkerPut(ctx, userId, proposal, booking), stepPullPut(ctx, userId, proposal.id)] : [];

  return {
    proposalWithSettings: (userId, proposalId) => readProposalWithSettings(ctx, userId, proposalId),
    calendarState: (userId, window) => readCalendarState(ctx, userId, window),

    async guard(userId, span) {
      const cells = claimCellsOf(span);
      const { lower, upper } = claimCellRange(cells[0]!, cells[cells.length - 1]!);
      const items = await queryAll(ctx, 'bookings.guard', {
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :lower AND :upper',
        ExpressionAttributeNames: { '#seq': 'seq' },
        ExpressionAttributeValues: { ':pk': userPartition(userId), ':lower': lower, ':upper': upper },
        ProjectionExpression: 'sk, #seq',
        ConsistentRead: true,
      });
      const versions = new Map(items.map((item) => [cellStartOf(String(item.sk)), typeof item.seq === 'number' ? item.seq : 0]));
      return Object.fromEntries(cells.map((cell) => [cell, versions.get(cell) ?? 0]));
    },

    untouchedGuard: async (span) => Object.fromEntries(claimCellsOf(span).map((cell) => [cell, 0])),

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
      return items.map(slotClaimOf);
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
        ...stepItems(userId, proposal, booking),
      ]);
    },

    async release(userId, proposal) {
      const current = bookingOf(proposal);
      const { booking: _booking, ...rest } = proposal;
      const reopened: Proposal = { ...rest, status: 'open' };
      await unguarded('bookings.release', proposal, async () => [
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
        ...stepItems(userId, proposal, booking),
      ]);
    },

    async settle(userId, proposalId, booking) {
      const revision = revisionCondition(booking);
      // One conditional write on the guest's path, not a transaction with the marker's delete
      // (two units an item, and DynamoDB Local runs transactions one at a time): the marker
      // stays until the sweep's `clearStep`, which reads the settled booking first.
      const settled = await writeOnCondition(
        ctx,
        'bookings.settle',
        new UpdateCommand({
          TableName: ctx.tableName,
          Key: proposalKey(userId, proposalId),
          UpdateExpression: 'REMOVE #booking.#due',
          ConditionExpression: `#booking.#due = :due AND ${revision.expression}`,
          ExpressionAttributeNames: { '#booking': 'booking', '#due': 'calendarDue', ...revision.names },
          ExpressionAttributeValues: { ':due': booking.calendarDue ?? 'none', ...revision.values },
          ...ctx.capacityRequest,
        }),
      );
      // Not written: settled by a concurrent run, or a newer change owns the booking (and its marker) now.
      return settled ? 'settled' : 'superseded';
    },

    // Not written: released or re-claimed meanwhile, so this link belongs to an event the booking no longer has.
    recordMeetingLink: (userId, proposalId, eventId, meetingUrl) =>
      writeOnCondition(
        ctx,
        'bookings.recordMeetingLink',
        new UpdateCommand({
          TableName: ctx.tableName,
          Key: proposalKey(userId, proposalId),
          UpdateExpression: 'SET #booking.#url = :url',
          ConditionExpression: '#booking.#eventId = :eventId',
          ExpressionAttributeNames: { '#booking': 'booking', '#url': 'meetingUrl', '#eventId': 'eventId' },
          ExpressionAttributeValues: { ':url': meetingUrl, ':eventId': eventId },
          ...ctx.capacityRequest,
        }),
      ),

    due: (userId, options) => readStepMarkers(ctx, userId, options),
    clearStep: (userId, marker) => clearStepMarker(ctx, userId, marker),

    async cancel(userId, proposal, cancelled) {
      const current = bookingOf(proposal);
      await unguarded('bookings.cancel', proposal, async () => [
        claimDelete(userId, proposal, current),
        bookedProposalPut(userId, { ...proposal, booking: cancelled }, current, { confirmedOnly: true }),
        ...stepItems(userId, proposal, cancelled),
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
