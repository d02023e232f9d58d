import { pullWake } from './wake.js';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { UserSettings } from '../../core/domain/settings.js';
import type { StoreContext } from './context.js';
import { profileKey, withoutStoreAttributes } from './keys.js';
import { scheduleAttributes } from './schedule-keys.js';
import type { ProfileRepository } from '../../core/ports/store.js';

/** Item: `{ pk: USER#<id>, sk: PROFILE, entity: 'Profile', sweepPk, proposePk, ...UserSettings }`. */
export function createProfileRepository(ctx: StoreContext): ProfileRepository {
  return {
    async get(userId, options = {}) {
      const output = await ctx.client.send(
        new GetCommand({ TableName: ctx.tableName, Key: profileKey(userId), ConsistentRead: options.eventual !== true, ...ctx.capacityRequest }),
      );
      ctx.meter('profiles.get', 'read', output.ConsumedCapacity);
      return output.Item ? withoutStoreAttributes<UserSettings>(output.Item) : null;
    },

    async put(userId, settings) {
      const output = await ctx.client.send(
        new PutCommand({
          TableName: ctx.tableName,
          Item: { ...settings, ...profileKey(userId), ...scheduleAttributes(userId, settings, ctx.now()), entity: 'Profile' },
          ...ctx.capacityRequest,
        }),
      );
      ctx.meter('profiles.put', 'write', output.ConsumedCapacity);
      // New settings may move the scheduled emails' hours: the next tick sweeps this user.
      await pullWake(ctx, userId, ctx.now());
    },
  };
}
