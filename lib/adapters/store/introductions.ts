import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Intro } from '../../core/domain/introductions.js';
import type { IntroRepository } from '../../core/ports/store.js';
import { batchWrite } from './batch.js';
import type { StoreContext } from './context.js';
import { introKey, introPrefix, introPrefixOf, userPartition, withoutStoreAttributes } from './keys.js';
import { prefixQuery, queryAll } from './query.js';

/**
 * Items: `{ pk: USER#<id>, sk: INTRO#<email>#<introId>, entity: 'Intro', ...Intro }`, in the
 * user's partition under the contact the entry is recorded against (see keys.ts), like notes.
 */

const introItem = (userId: string, intro: Intro) => ({ ...intro, ...introKey(userId, intro.contactEmail, intro.id), entity: 'Intro' });

export function createIntroRepository(ctx: StoreContext): IntroRepository {
  return {
    async list(userId) {
      const items = await queryAll(ctx, 'intros.list', prefixQuery(userPartition(userId), introPrefix));
      return items.map((item) => withoutStoreAttributes<Intro>(item));
    },

    async listFor(userId, email) {
      const items = await queryAll(ctx, 'intros.listFor', prefixQuery(userPartition(userId), introPrefixOf(email)));
      return items.map((item) => withoutStoreAttributes<Intro>(item));
    },

    async put(userId, intro) {
      const output = await ctx.client.send(new PutCommand({ TableName: ctx.tableName, Item: introItem(userId, intro), ...ctx.capacityRequest }));
      ctx.meter('intros.put', 'write', output.ConsumedCapacity);
    },

    async putMany(userId, intros) {
      await batchWrite(ctx, 'intros.putMany', intros.map((intro) => ({ PutRequest: { Item: introItem(userId, intro) } })));
    },

    async delete(userId, email, introId) {
      const output = await ctx.client.send(
        new DeleteCommand({ TableName: ctx.tableName, Key: introKey(userId, email, introId), ReturnValues: 'ALL_OLD', ...ctx.capacityRequest }),
      );
      ctx.meter('intros.delete', 'write', output.ConsumedCapacity);
      return output.Attributes ? 'deleted' : 'already-gone';
    },
  };
}
