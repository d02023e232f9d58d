import type { CalendarEvent } from '../../core/domain/event.js';
import { batchWrite } from './batch.js';
import type { StoreContext } from './context.js';
import { eventKey, eventPrefix, userPartition, withoutStoreAttributes } from './keys.js';
import type { EventRepository } from '../../core/ports/store.js';
import { prefixQuery, queryAll } from './query.js';

/**
 * Item: `{ pk: USER#<id>, sk: EVENT#<connectionId>#<instanceKey>, entity: 'Event', ...CalendarEvent }`.
 * Events are compact by construction (no descriptions), so a whole connection reads in few pages.
 */
export function createEventRepository(ctx: StoreContext): EventRepository {
  return {
    async listByConnection(userId, connectionId) {
      const items = await queryAll(ctx, 'events.listByConnection', prefixQuery(userPartition(userId), eventPrefix(connectionId)));
      return items.map((item) => withoutStoreAttributes<CalendarEvent>(item));
    },

    async putMany(userId, connectionId, events) {
      await batchWrite(
        ctx,
        'events.putMany',
        events.map((event) => ({
          PutRequest: { Item: { ...event, ...eventKey(userId, connectionId, event.instanceKey), entity: 'Event' } },
        })),
      );
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
