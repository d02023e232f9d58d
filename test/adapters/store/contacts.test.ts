import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, test } from 'vitest';
import { dynamoDbClientFor } from '../../../lib/local/dynamodb-local.js';
import { NotFound } from '../../../lib/core/ports/store-errors.js';
import { type Store } from '../../../lib/core/ports/store.js';
import { createStore } from '../../../lib/adapters/store/store.js';
import { dynamoEndpoint, freshTable, uniqueUserId, type FreshTable } from '../../support/dynamo.js';
import { aContact } from './fixtures.js';

let table: FreshTable;
let store: Store;
beforeAll(async () => {
  table = await freshTable();
  store = table.store;
});

const rawItem = async (userId: string, email: string) =>
  (await table.client.send(new GetCommand({ TableName: table.tableName, Key: { pk: `USER#${userId}`, sk: `CONTACT#${email}` } }))).Item;

describe('contacts', () => {
  test('contacts read back exactly as written, and list returns all of one user', async () => {
    const userId = uniqueUserId();
    const ana = aContact({ email: 'ana@example.com', name: 'Ana', lastMetAt: '2027-01-30T09:00:00.000Z', firstMetAtTitle: 'Intro' });
    const bo = aContact({ email: 'bo@example.com', tier: null, nextDueAt: null });
    await store.contacts.putMany(userId, [ana, bo]);
    expect(await store.contacts.get(userId, 'ana@example.com')).toEqual(ana);
    expect(await store.contacts.list(userId)).toEqual([ana, bo]);
    expect(await store.contacts.get(userId, 'nobody@example.com')).toBeNull();
  });

  test('a batch of 75 contacts lands completely', async () => {
    const userId = uniqueUserId();
    const contacts = Array.from({ length: 75 }, (_, i) => aContact({ email: `p${String(i).padStart(2, '0')}@example.com` }));
    await store.contacts.putMany(userId, contacts);
    expect(await store.contacts.list(userId)).toEqual(contacts);
  });

  test('update merges the patch, returns the stored contact, and undefined clears a field', async () => {
    const userId = uniqueUserId();
    await store.contacts.putMany(userId, [aContact({ email: 'ana@example.com', snoozedUntil: '2027-04-01T00:00:00.000Z' })]);
    const updated = await store.contacts.update(userId, 'ana@example.com', { cadenceDays: 14, snoozedUntil: undefined });
    const expected = aContact({ email: 'ana@example.com', cadenceDays: 14 });
    expect(updated).toEqual(expected);
    expect(await store.contacts.get(userId, 'ana@example.com')).toEqual(expected);
  });

  test('update of a missing contact fails with NotFound and creates nothing', async () => {
    const userId = uniqueUserId();
    await expect(store.contacts.update(userId, 'ghost@example.com', { tier: 'close' })).rejects.toBeInstanceOf(NotFound);
    expect(await store.contacts.get(userId, 'ghost@example.com')).toBeNull();
    expect(await store.contacts.list(userId)).toEqual([]);
  });

  test('concurrent updates of different fields all survive (optimistic lock, no lost update)', async () => {
    const userId = uniqueUserId();
    await store.contacts.putMany(userId, [aContact({ email: 'ana@example.com' })]);
    await Promise.all([
      store.contacts.update(userId, 'ana@example.com', { cadenceDays: 10 }),
      store.contacts.update(userId, 'ana@example.com', { followUpDoneAt: '2027-03-02T00:00:00.000Z' }),
      store.contacts.update(userId, 'ana@example.com', { snoozedUntil: '2027-03-20T00:00:00.000Z' }),
    ]);
    expect(await store.contacts.get(userId, 'ana@example.com')).toEqual(
      aContact({ email: 'ana@example.com', cadenceDays: 10, followUpDoneAt: '2027-03-02T00:00:00.000Z', snoozedUntil: '2027-03-20T00:00:00.000Z' }),
    );
  });

  test('a sync write between the read and the write of an update is merged, not overwritten', async () => {
    const userId = uniqueUserId();
    await store.contacts.putMany(userId, [aContact({ email: 'ana@example.com' })]);
    // A client that lets "sync" rewrite the contact just before the update's first conditional put.
    const racing = dynamoDbClientFor(dynamoEndpoint());
    const send = racing.send.bind(racing);
    let raced = false;
    racing.send = (async (command: unknown) => {
      if (command instanceof PutCommand && !raced) {
        raced = true;
        await store.contacts.putMany(userId, [aContact({ email: 'ana@example.com', lastMetAt: '2027-03-03T10:00:00.000Z' })]);
      }
      return send(command as never);
    }) as typeof racing.send;

    const updated = await createStore({ client: racing, tableName: table.tableName }).contacts.update(userId, 'ana@example.com', { cadenceDays: 7 });
    expect(raced).toBe(true);
    expect(updated).toEqual(aContact({ email: 'ana@example.com', lastMetAt: '2027-03-03T10:00:00.000Z', cadenceDays: 7 }));
    expect(await store.contacts.get(userId, 'ana@example.com')).toEqual(updated);
  });

  test('getMany reads the contacts that exist among many addresses, past one request’s 100 keys', async () => {
    const userId = uniqueUserId();
    const people = Array.from({ length: 130 }, (_, i) => aContact({ email: `p${i}@example.com`, name: `P ${i}` }));
    await store.contacts.putMany(userId, people);
    const asked = [...people.map((p) => p.email.toUpperCase()), 'nobody@example.com', 'p1@example.com'];
    for (const eventual of [false, true]) {
      const found = await store.contacts.getMany(userId, asked, { eventual });
      expect(found.map((c) => c.email).sort()).toEqual(people.map((p) => p.email).sort());
      expect(found.find((c) => c.email === 'p7@example.com')).toEqual(people[7]);
    }
    await expect(store.contacts.getMany(userId, [])).resolves.toEqual([]);
  });

  test('who is due follows every write: a snooze moves a contact later, an ignored one is never due', async () => {
    const userId = uniqueUserId();
    await store.contacts.putMany(userId, [
      aContact({ email: 'ana@example.com', nextDueAt: '2027-03-01T09:00:00.000Z' }),
      aContact({ email: 'Bo@Example.com', nextDueAt: '2027-03-01T09:00:00.000Z' }),
      aContact({ email: 'cy@example.com', nextDueAt: '2027-02-01T09:00:00.000Z' }),
    ]);
    const dueAt = async (instant: string, limit?: number) => (await store.contacts.due(userId, instant, limit)).map((c) => c.email);
    expect(await dueAt('2027-03-01T09:00:00.000Z')).toEqual(['cy@example.com']);
    expect(await dueAt('2027-03-02T00:00:00.000Z')).toEqual(['cy@example.com', 'ana@example.com', 'Bo@Example.com']);
    expect(await dueAt('2027-03-02T00:00:00.000Z', 2)).toEqual(['cy@example.com', 'ana@example.com']);

    await store.contacts.update(userId, 'ana@example.com', { snoozedUntil: '2027-03-15T00:00:00.000Z' });
    await store.contacts.update(userId, 'cy@example.com', { ignored: true });
    expect(await dueAt('2027-03-02T00:00:00.000Z')).toEqual(['Bo@Example.com']);
    expect(await dueAt('2027-03-16T00:00:00.000Z')).toEqual(['Bo@Example.com', 'ana@example.com']);
  });

  test('a contact written with the due index of earlier releases loses its keys on the next write and never shows them', async () => {
    const userId = uniqueUserId();
    await store.contacts.putMany(userId, [aContact({ email: 'ana@example.com', nextDueAt: '2027-03-01T09:00:00.000Z' })]);
    await table.client.send(new UpdateCommand({ TableName: table.tableName, Key: { pk: `USER#${userId}`, sk: 'CONTACT#ana@example.com' }, UpdateExpression: 'SET duePk = :pk, dueAt = :at', ExpressionAttributeValues: { ':pk': `USER#${userId}`, ':at': '2027-03-01T09:00:00.000Z#ana@example.com' } }));
    expect(await store.contacts.get(userId, 'ana@example.com')).not.toHaveProperty('dueAt');
    await store.contacts.update(userId, 'ana@example.com', { cadenceDays: 7 });
    const raw = await rawItem(userId, 'ana@example.com');
    expect(raw).not.toHaveProperty('duePk');
    expect(raw).not.toHaveProperty('dueAt');
  });
});
