import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Note } from '../../core/domain/notes.js';
import { batchWrite } from './batch.js';
import type { StoreContext } from './context.js';
import { noteKey, notePrefix, notePrefixOf, userPartition, withoutStoreAttributes } from './keys.js';
import type { NoteRepository } from '../../core/ports/store.js';
import { prefixQuery, queryAll } from './query.js';
import { getItem } from './read.js';

/**
 * Items: `{ pk: USER#<id>, sk: NOTE#<email>#<noteId>, entity: 'Note', ...Note }`, in the user's
 * partition under the contact they are about (see keys.ts), like the intro and help log
 * (introductions.ts).
 */

const noteItem = (userId: string, note: Note) => ({ ...note, ...noteKey(userId, note.contactEmail, note.id), entity: 'Note' });

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
