import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { StoreContext } from './context.js';
import { putOnCondition } from './conditional-put.js';
import { canonicalInstant, localCalendarKey, localCalendarPrefix, userPartition, withoutStoreAttributes } from './keys.js';
import type { OwnCalendarBusy, OwnCalendarEvent } from '../../core/domain/own-calendar-event.js';
import type { LocalCalendarRepository } from '../../core/ports/store.js';
import type { TimeWindow } from '../../core/domain/busy-time.js';
import { batchWrite } from './batch.js';
import { prefixQuery, queryAll } from './query.js';
import { getItem } from './read.js';

/**
 * Item: `{ pk: USER#<id>, sk: LOCALCAL#<eventId>, entity: 'OwnCalendarEvent', ...OwnCalendarEvent }`.
 * Rapport's own calendar for users whose calendars are read-only feeds: the holds of the open
 * proposals and the booked coffees, read as one Query. `start` and `end` are stored canonical
 * (`toISOString()`), so DynamoDB can compare them as strings when free/busy asks for a window.
 */
export function createLocalCalendarRepository(ctx: StoreContext): LocalCalendarRepository {
  const itemOf = (userId: string, event: OwnCalendarEvent) => ({
    ...event,
    start: canonicalInstant(event.start),
    end: canonicalInstant(event.end),
    ...localCalendarKey(userId, event.id),
    entity: 'OwnCalendarEvent',
  });

  return {
    async create(userId, event) {
      // Ids are deterministic (proposal, slot): a retried write must leave the first one alone.
      const created = await putOnCondition(ctx, 'localCalendar.create', { Item: itemOf(userId, event), ConditionExpression: 'attribute_not_exists(pk)' });
      return created ? 'created' : 'exists';
    },

    async get(userId, id) {
      const item = await getItem(ctx, 'localCalendar.get', localCalendarKey(userId, id));
      return item ? withoutStoreAttributes<OwnCalendarEvent>(item) : null;
    },

    async put(userId, event) {
      const output = await ctx.client.send(new PutCommand({ TableName: ctx.tableName, Item: itemOf(userId, event), ...ctx.capacityRequest }));
      ctx.meter('localCalendar.put', 'write', output.ConsumedCapacity);
    },

    async remove(userId, id) {
      const output = await ctx.client.send(
        new DeleteCommand({ TableName: ctx.tableName, Key: localCalendarKey(userId, id), ReturnValues: 'ALL_OLD', ...ctx.capacityRequest }),
      );
      ctx.meter('localCalendar.remove', 'write', output.ConsumedCapacity);
      return output.Attributes ? 'removed' : 'already-gone';
    },

    async removeMany(userId, ids) {
      // One BatchWriteItem instead of a DeleteItem per event: a booking takes its proposal's
      // holds off at once. A delete of a missing key is no error, so a retry is harmless.
      await batchWrite(ctx, 'localCalendar.removeMany', ids.map((id) => ({ DeleteRequest: { Key: localCalendarKey(userId, id) } })));
    },

    async list(userId, options) {
      const items = await queryAll(ctx, 'localCalendar.list', prefixQuery(userPartition(userId), localCalendarPrefix, options));
      return items.map((item) => withoutStoreAttributes<OwnCalendarEvent>(item));
    },

    busyIn: (userId, window) => readOwnCalendarBusy(ctx, userId, window),
  };
}

/**
 * `busyIn`: the proposer's free/busy of Rapport's own calendar (a guest's page counts that
 * calendar through its claims, availability.ts). Every event is still read on DynamoDB's side
 * (ids do not sort by time); the filter and the projection keep the answer, and the work of
 * both ends on it, to what free/busy needs.
 */
async function readOwnCalendarBusy(ctx: StoreContext, userId: string, window: TimeWindow): Promise<OwnCalendarBusy[]> {
  const items = await queryAll(ctx, 'localCalendar.busyIn', {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    FilterExpression: '#status <> :cancelled AND #start < :to AND #end > :from',
    ProjectionExpression: '#kind, proposalId, #start, #end, #status',
    ExpressionAttributeNames: { '#kind': 'kind', '#start': 'start', '#end': 'end', '#status': 'status' },
    ExpressionAttributeValues: {
      ':pk': userPartition(userId),
      ':prefix': localCalendarPrefix,
      ':cancelled': 'cancelled',
      ':from': canonicalInstant(window.from),
      ':to': canonicalInstant(window.to),
    },
    ConsistentRead: true,
  });
  return items.map((item) => ({
    kind: item.kind as OwnCalendarBusy['kind'],
    proposalId: String(item.proposalId),
    start: String(item.start),
    end: String(item.end),
    status: item.status as OwnCalendarBusy['status'],
  }));
}
