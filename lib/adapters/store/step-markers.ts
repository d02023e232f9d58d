import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { revisionOf, type Booking, type Proposal } from '../../core/domain/proposal.js';
import type { ReadOptions } from '../../core/ports/store.js';
import type { StepMarker } from '../../core/ports/bookings.js';
import { writeOnCondition } from './conditional-put.js';
import type { StoreContext } from './context.js';
import { stepDueKey, stepDuePrefix, userPartition } from './keys.js';
import { retainUntilSeconds } from './proposal-items.js';
import { prefixQuery, queryAll } from './query.js';
import { TABLE } from './table-definition.js';
import type { TransactItem } from './transact.js';

/**
 * `STEP#<proposalId>`: a tiny item per booking that owes its calendar a change, naming the
 * booking's event and revision. It is written in the transaction that decides the change; the
 * sweep finds markers with one cheap query and removes one once its change is settled, unless a
 * newer change has written it again since. The event matters as well as the revision: a booking
 * released and made again starts at revision 0 again, with another event.
 */

export function stepMarkerPut(ctx: StoreContext, userId: string, proposal: Proposal, booking: Booking): TransactItem {
  return {
    Put: {
      TableName: ctx.tableName,
      Item: {
        ...stepDueKey(userId, proposal.id),
        entity: 'BookingStepDue',
        eventId: booking.eventId,
        revision: revisionOf(booking),
        [TABLE.timeToLiveAttribute]: retainUntilSeconds(proposal),
      },
    },
  };
}

export async function readStepMarkers(ctx: StoreContext, userId: string, options: ReadOptions = {}): Promise<StepMarker[]> {
  const items = await queryAll(ctx, 'bookings.due', {
    ...prefixQuery(userPartition(userId), stepDuePrefix),
    // The sweep asks for a replica's copy (it reads this every round; a marker a second old waits one round).
    ConsistentRead: options.eventual !== true,
    ProjectionExpression: 'sk, eventId, revision',
  });
  return items.map((item) => ({
    proposalId: String(item.sk).slice(stepDuePrefix.length),
    ...(typeof item.eventId === 'string' ? { eventId: item.eventId } : {}),
    ...(typeof item.revision === 'number' ? { revision: item.revision } : {}),
  }));
}

/**
 * Removes the marker if it is still the one read: each attribute it was read with still there,
 * each one it was read without still absent (a marker of an earlier release has neither).
 * Written again by a newer change, or gone already: nothing happens.
 */
export async function clearStepMarker(ctx: StoreContext, userId: string, marker: StepMarker): Promise<void> {
  const names = { '#eventId': 'eventId', '#revision': 'revision' };
  const same = (name: keyof typeof names, value: string | number | undefined) => (value === undefined ? `attribute_not_exists(${name})` : `${name} = :${name.slice(1)}`);
  const values = { ...(marker.eventId !== undefined && { ':eventId': marker.eventId }), ...(marker.revision !== undefined && { ':revision': marker.revision }) };
  await writeOnCondition(
    ctx,
    'bookings.clearStep',
    new DeleteCommand({
      TableName: ctx.tableName,
      Key: stepDueKey(userId, marker.proposalId),
      ConditionExpression: `${same('#eventId', marker.eventId)} AND ${same('#revision', marker.revision)}`,
      ExpressionAttributeNames: names,
      ...(Object.keys(values).length > 0 && { ExpressionAttributeValues: values }),
      ...ctx.capacityRequest,
    }),
  );
}
