import type { CalendarEvent } from '../../core/domain/event.js';
import { batchWrite } from './batch.js';
import type { StoreContext } from './context.js';
import { eventEndAfter, eventEndAttributes, eventEndRange, eventKey, eventPrefix, userPartition, withoutStoreAttributes } from './keys.js';
import { EVENT_END_INDEX } from './table-definition.js';
import type { EventRepository } from '../../core/ports/store.js';
import { prefixQuery, queryAll } from './query.js';

/**
 * Item: `{ pk: USER#<id>, sk: EVENT#<connectionId>#<instanceKey>, entity: 'Event', ...CalendarEvent }`,
 * plus the end-index keys (`endPk`, `endAt`) on events that could become meetings (keys.ts).
 * Events are compact by construction (no descriptions), so a whole connection reads in few pages.
 */
export function createEventRepository(ctx: StoreContext): EventRepository {
  return {
    async listByConnection(userId, connectionId, options) {
      const items = await queryAll(ctx, 'events.listByConnection', prefixQuery(userPartition(userId), eventPrefix(connectionId), options));
      return items.map((item) => withoutStoreAttributes<CalendarEvent>(item));
    },

    async putMany(userId, connectionId, events) {
      await batchWrite(
        ctx,
        'events.putMany',
        events.map((event) => ({
          PutRequest: { Item: { ...event, ...eventKey(userId, connectionId, event.instanceKey), ...eventEndAttributes(userId, connectionId, event), entity: 'Event' } },
        })),
      );
    },

    async endedBetween(userId, from, to) {
      const { lower, upper } = eventEndRange(from, to);
      const items = await queryAll(ctx, 'events.endedBetween', {
        IndexName: EVENT_END_INDEX.indexName,
        KeyConditionExpression: '#pk = :pk AND #end BETWEEN :lower AND :upper',
        ExpressionAttributeNames: { '#pk': EVENT_END_INDEX.partitionKey.name, '#end': EVENT_END_INDEX.sortKey.name },
        ExpressionAttributeValues: { ':pk': userPartition(userId), ':lower': lower, ':upper': upper },
      });
      return items.map((item) => withoutStoreAttributes<CalendarEvent>(item));
    },

    async nextEndAfter(userId, instant) {
      const [item] = await queryAll(
        ctx,
        'events.nextEndAfter',
        {
          IndexName: EVENT_END_INDEX.indexName,
          KeyConditionExpression: '#pk = :pk AND #end > :after',
          ExpressionAttributeNames: { '#pk': EVENT_END_INDEX.partitionKey.name, '#end': EVENT_END_INDEX.sortKey.name },
          ExpressionAttributeValues: { ':pk': userPartition(userId), ':after': eventEndAfter(instant) },
        },
        1,
      );
      return item ? withoutStoreAttributes<CalendarEvent>(item).end : null;
    },

    async deleteMany(userId, connectionId, instanceKeys) {
      await batchWrite(
        ctx,
        'events.deleteMany',
        instanceKeys.map((instanceKey) => ({ DeleteRequest: { Key: eventKey(userId, connectionId, instanceKey) } })),
      );
    },
  };
}
