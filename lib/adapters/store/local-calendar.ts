import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { StoreContext } from './context.js';
import { isConditionalCheckFailed } from './errors.js';
import { localCalendarKey, localCalendarPrefix, userPartition, withoutStoreAttributes } from './keys.js';
import type { OwnCalendarEvent } from '../../core/domain/own-calendar-event.js';
import type { LocalCalendarRepository } from '../../core/ports/store.js';
import { prefixQuery, queryAll } from './query.js';
import { getItem } from './read.js';

/**
 * Item: `{ pk: USER#<id>, sk: LOCALCAL#<eventId>, entity: 'OwnCalendarEvent', ...OwnCalendarEvent }`.
 * Rapport's own calendar for users whose calendars are read-only feeds: a handful of holds and
 * booked coffees, so a whole-calendar Query is cheap.
 */
export function createLocalCalendarRepository(ctx: StoreContext): LocalCalendarRepository {
  const itemOf = (userId: string, event: OwnCalendarEvent) => ({ ...event, ...localCalendarKey(userId, event.id), entity: 'OwnCalendarEvent' });

  return {
    async create(userId, event) {
      try {
        const output = await ctx.client.send(
          new PutCommand({
            TableName: ctx.tableName,
            Item: itemOf(userId, event),
            // Ids are deterministic (proposal, slot): a retried write must leave the first one alone.
            ConditionExpression: 'attribute_not_exists(pk)',
            ...ctx.capacityRequest,
          }),
        );
        ctx.meter('localCalendar.create', 'write', output.ConsumedCapacity);
        return 'created';
      } catch (error) {
        if (isConditionalCheckFailed(error)) return 'exists';
        throw error;
      }
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

    async list(userId, options) {
      const items = await queryAll(ctx, 'localCalendar.list', prefixQuery(userPartition(userId), localCalendarPrefix, options));
      return items.map((item) => withoutStoreAttributes<OwnCalendarEvent>(item));
    },
  };
}
