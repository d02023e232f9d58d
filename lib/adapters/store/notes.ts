import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Intro, Note } from '../../core/domain/memory.js';
import { batchWrite } from './batch.js';
import type { StoreContext } from './context.js';
import { introKey, introPrefix, introPrefixOf, noteKey, notePrefix, notePrefixOf, userPartition, withoutStoreAttributes } from './keys.js';
import type { IntroRepository, NoteRepository } from '../../core/ports/store.js';
import { prefixQuery, queryAll } from './query.js';
import { getItem } from './read.js';

/**
 * Items: `{ pk: USER#<id>, sk: NOTE#<email>#<noteId>, entity: 'Note', ...Note }` and
 * `{ pk: USER#<id>, sk: INTRO#<email>#<introId>, entity: 'Intro', ...Intro }`. Both live in the
 * user's partition under the contact they are about (see keys.ts).
 */

const noteItem = (userId: string, note: Note) => ({ ...note, ...noteKey(userId, note.contactEmail, note.id), entity: 'Note' });
const introItem = (userId: string, intro: Intro) => ({ ...intro, ...introKey(userId, intro.contactEmail, intro.id), entity: 'Intro' });

export function createNoteRepository(ctx: StoreContext): NoteRepository {
  return {
    async list(userId) {
      const items = await queryAll(ctx, 'notes.list', prefixQuery(userPartition(userId), notePrefix));
      return items.map((item) => withoutStoreAttributes<Note>(item));
    },

    async listFor(userId, email) {
      const items = await queryAll(ctx, 'notes.listFor', prefixQuery(userPartition(userId), notePrefixOf(email)));
      return items.map((item) => withoutStoreAttributes<Note>(item));
    },

    async get(userId, email, noteId) {
      const item = await getItem(ctx, 'notes.get', noteKey(userId, email, noteId));
      return item ? withoutStoreAttributes<Note>(item) : null;
    },

    async put(userId, note) {
      const output = await ctx.client.send(new PutCommand({ TableName: ctx.tableName, Item: noteItem(userId, note), ...ctx.capacityRequest }));
      ctx.meter('notes.put', 'write', output.ConsumedCapacity);
    },

    async putMany(userId, notes) {
      await batchWrite(ctx, 'notes.putMany', notes.map((note) => ({ PutRequest: { Item: noteItem(userId, note) } })));
    },

    async delete(userId, email, noteId) {
      const output = await ctx.client.send(
        new DeleteCommand({ TableName: ctx.tableName, Key: noteKey(userId, email, noteId), ReturnValues: 'ALL_OLD', ...ctx.capacityRequest }),
      );
      ctx.meter('notes.delete', 'write', output.ConsumedCapacity);
      return output.Attributes ? 'deleted' : 'already-gone';
    },
  };
}

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
