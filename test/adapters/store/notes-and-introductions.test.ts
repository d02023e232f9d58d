import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, test } from 'vitest';
import type { Intro } from '../../../lib/core/domain/introductions.js';
import type { Note } from '../../../lib/core/domain/notes.js';
import type { Store } from '../../../lib/core/ports/store.js';
import { freshTable, uniqueUserId, type FreshTable } from '../../support/dynamo.js';
import { aContact } from './fixtures.js';

let table: FreshTable;
let store: Store;
beforeAll(async () => {
  table = await freshTable();
  store = table.store;
});

const aNote = (o: Partial<Note> & Pick<Note, 'id' | 'contactEmail'>): Note => ({ text: 'moved to Lisbon', createdAt: '2027-01-10T09:00:00.000Z', ...o });
const anIntro = (o: Partial<Intro> & Pick<Intro, 'id' | 'contactEmail'>): Intro => ({
  kind: 'introduced',
  text: 'introduced to a data lead',
  at: '2027-01-11T09:00:00.000Z',
  createdAt: '2027-01-11T09:00:00.000Z',
  ...o,
});

/** Every item of a user's partition, raw: what a delete must leave behind. */
const skOf = async (userId: string) =>
  ((await table.client.send(new QueryCommand({ TableName: table.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `USER#${userId}` } }))).Items ?? []).map(
    (i) => String(i.sk),
  );

describe('notes and the intro/help log', () => {
  test('notes read back exactly, per contact and for the whole user, and one user never sees another’s', async () => {
    const userId = uniqueUserId();
    const a1 = aNote({ id: 'n1', contactEmail: 'ana@example.com', meetingKey: 'uid-1' });
    const a2 = aNote({ id: 'n2', contactEmail: 'ana@example.com', text: 'hiring a data lead', createdAt: '2027-01-12T09:00:00.000Z' });
    // A longer address that starts with Ana's must not leak into her notes.
    const other = aNote({ id: 'n3', contactEmail: 'ana@example.com.au' });
    await store.notes.put(userId, a1);
    await store.notes.putMany(userId, [a2, other]);
    await store.notes.put(uniqueUserId(), aNote({ id: 'n4', contactEmail: 'ana@example.com' }));

    expect(await store.notes.listFor(userId, 'ANA@example.com')).toEqual([a1, a2]);
    expect(await store.notes.list(userId)).toHaveLength(3);
    expect(await store.notes.get(userId, 'ana@example.com', 'n2')).toEqual(a2);
    await store.notes.put(userId, { ...a2, text: 'edited', updatedAt: '2027-01-13T00:00:00.000Z' });
    expect((await store.notes.get(userId, 'ana@example.com', 'n2'))?.text).toBe('edited');
    expect(await store.notes.delete(userId, 'ana@example.com', 'n2')).toBe('deleted');
    expect(await store.notes.delete(userId, 'ana@example.com', 'n2')).toBe('already-gone');
    expect(await store.notes.listFor(userId, 'ana@example.com')).toEqual([a1]);
  });

  test('intro entries read back exactly', async () => {
    const userId = uniqueUserId();
    const intro = anIntro({ id: 'i1', contactEmail: 'jane@example.com', otherEmail: 'omar@example.com' });
    await store.intros.put(userId, intro);
    await store.intros.putMany(userId, [anIntro({ id: 'i2', contactEmail: 'omar@example.com', kind: 'referred' })]);
    expect(await store.intros.listFor(userId, 'jane@example.com')).toEqual([intro]);
    expect((await store.intros.list(userId)).map((i) => i.id).sort()).toEqual(['i1', 'i2']);
  });

  test('deleting a contact deletes its notes and intros, and entries naming it, and nothing else', async () => {
    const userId = uniqueUserId();
    await store.contacts.putMany(userId, [aContact({ email: 'jane@example.com' }), aContact({ email: 'omar@example.com' })]);
    // 30 notes: the delete needs more than one 25-item batch.
    await store.notes.putMany(userId, Array.from({ length: 30 }, (_, i) => aNote({ id: `n${i}`, contactEmail: 'jane@example.com' })));
    await store.notes.put(userId, aNote({ id: 'keep', contactEmail: 'omar@example.com' }));
    await store.intros.putMany(userId, [
      anIntro({ id: 'i1', contactEmail: 'jane@example.com' }),
      anIntro({ id: 'i2', contactEmail: 'omar@example.com', otherEmail: 'jane@example.com' }),
      anIntro({ id: 'i3', contactEmail: 'omar@example.com', kind: 'helped' }),
    ]);

    expect(await store.contacts.delete(userId, 'Jane@Example.com')).toBe('deleted');
    expect((await skOf(userId)).sort()).toEqual(['CONTACT#omar@example.com', 'INTRO#omar@example.com#i3', 'NOTE#omar@example.com#keep']);
    expect(await store.contacts.get(userId, 'jane@example.com')).toBeNull();
    expect(await store.contacts.delete(userId, 'jane@example.com')).toBe('already-gone');
  });
});
