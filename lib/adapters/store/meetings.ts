import type { Meeting } from '../../core/domain/contact.js';
import { batchWrite } from './batch.js';
import type { StoreContext } from './context.js';
import { meetingKey, meetingRange, userPartition, withoutStoreAttributes } from './keys.js';
import type { MeetingRepository } from '../../core/ports/store.js';
import { queryAll } from './query.js';

/**
 * Item: `{ pk: USER#<id>, sk: MEETING#<start>#<instanceKey>, entity: 'Meeting', ...Meeting }`.
 * The start leads the sort key so a date range is one key-range Query, oldest first; the
 * instance key keeps a re-synced meeting idempotent (same key, same item).
 */
export function createMeetingRepository(ctx: StoreContext): MeetingRepository {
  return {
    async list(userId, range) {
      const { lower, upper } = meetingRange(range);
      if (lower > upper) return []; // DynamoDB rejects BETWEEN with inverted bounds.
      const items = await queryAll(ctx, 'meetings.list', {
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :lower AND :upper',
        ExpressionAttributeValues: { ':pk': userPartition(userId), ':lower': lower, ':upper': upper },
        ConsistentRead: true,
      });
      return items.map((item) => withoutStoreAttributes<Meeting>(item));
    },

    async putMany(userId, meetings) {
      await batchWrite(
        ctx,
        'meetings.putMany',
        meetings.map((meeting) => ({
          PutRequest: { Item: { ...meeting, ...meetingKey(userId, meeting.start, meeting.instanceKey), entity: 'Meeting' } },
        })),
      );
    },

    async deleteMany(userId, meetings) {
      await batchWrite(
        ctx,
        'meetings.deleteMany',
        meetings.map((meeting) => ({ DeleteRequest: { Key: meetingKey(userId, meeting.start, meeting.instanceKey) } })),
      );
    },
  };
}
