import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, test } from 'vitest';
import { AlreadyExists, NotFound } from '../../../lib/core/ports/store-errors.js';
import { type Store } from '../../../lib/core/ports/store.js';
import { InvalidKey } from '../../../lib/core/ports/store-errors.js';
import { freshTable, uniqueUserId, type FreshTable } from '../../support/dynamo.js';
import { aConnection, SETTINGS } from './fixtures.js';

let table: FreshTable;
let store: Store;
beforeAll(async () => {
  table = await freshTable();
  store = table.store;
});

describe('profiles', () => {
  test('settings read back exactly as saved, and a new user has none', async () => {
    const userId = uniqueUserId();
    expect(await store.profiles.get(userId)).toBeNull();
    await store.profiles.put(userId, SETTINGS);
    expect(await store.profiles.get(userId)).toEqual(SETTINGS);
  });

  test('saving again replaces the settings', async () => {
    const userId = uniqueUserId();
    await store.profiles.put(userId, SETTINGS);
    await store.profiles.put(userId, { ...SETTINGS, timeZone: 'Europe/London', tierByEmail: {} });
    expect(await store.profiles.get(userId)).toEqual({ ...SETTINGS, timeZone: 'Europe/London', tierByEmail: {} });
  });
});

describe('connections', () => {
  test('a created connection is listed and read back without the store attributes', async () => {
    const userId = uniqueUserId();
    const connection = aConnection({ id: 'c1' });
    await store.connections.create(userId, connection);
    expect(await store.connections.get(userId, 'c1')).toEqual(connection);
    expect(await store.connections.list(userId)).toEqual([connection]);
    expect(await store.connections.get(uniqueUserId(), 'c1')).toBeNull();
  });

  test('creating the same connection twice fails with AlreadyExists and keeps the first', async () => {
    const userId = uniqueUserId();
    await store.connections.create(userId, aConnection({ id: 'c1', label: 'first' }));
    const second = store.connections.create(userId, aConnection({ id: 'c1', label: 'second' }));
    await expect(second).rejects.toBeInstanceOf(AlreadyExists);
    expect((await store.connections.get(userId, 'c1'))?.label).toBe('first');
  });

  test('saving sync state records the cursor and clears a previous error', async () => {
    const userId = uniqueUserId();
    await store.connections.create(userId, aConnection({ id: 'c1' }));
    await store.connections.saveSyncState(userId, 'c1', {
      cursor: null,
      status: 'error',
      lastSyncAt: '2027-03-01T10:00:00.000Z',
      lastError: 'The feed answered 503.',
    });
    expect(await store.connections.get(userId, 'c1')).toMatchObject({ status: 'error', lastError: 'The feed answered 503.' });

    await store.connections.saveSyncState(userId, 'c1', { cursor: '"etag-2"', status: 'ok', lastSyncAt: '2027-03-01T10:15:00.000Z' });
    const saved = await store.connections.get(userId, 'c1');
    expect(saved).toEqual({ ...aConnection({ id: 'c1' }), cursor: '"etag-2"', status: 'ok', lastSyncAt: '2027-03-01T10:15:00.000Z' });
  });

  test('saving sync state of a missing connection fails with NotFound and writes nothing', async () => {
    const userId = uniqueUserId();
    const save = store.connections.saveSyncState(userId, 'gone', { cursor: 'x', status: 'ok', lastSyncAt: '2027-03-01T10:00:00.000Z' });
    await expect(save).rejects.toBeInstanceOf(NotFound);
    expect(await store.connections.list(userId)).toEqual([]);
  });

  test('update sets the given fields, removes those given undefined, and leaves the rest', async () => {
    const userId = uniqueUserId();
    const connection = aConnection({ id: 'google', kind: 'google', lastError: 'old failure' });
    await store.connections.create(userId, connection);
    const calendars = [{ id: 'primary', label: 'alex@example.com', counts: true, primary: true }];
    await store.connections.update(userId, 'google', { account: 'alex@example.com', calendars, status: 'needs-reconnect', lastError: undefined });
    expect(await store.connections.get(userId, 'google')).toEqual({ ...connection, account: 'alex@example.com', calendars, status: 'needs-reconnect', lastError: undefined });
    await expect(store.connections.update(userId, 'missing', { status: 'ok' })).rejects.toBeInstanceOf(NotFound);
    expect(await store.connections.get(userId, 'missing')).toBeNull();
  });

  test('push routes find the connection from a channel id alone', async () => {
    const route = { provider: 'google' as const, userId: uniqueUserId(), connectionId: 'google', expiresAt: '2027-03-09T10:00:00.000Z' };
    await store.pushRoutes.put('chan-1', route);
    expect(await store.pushRoutes.get('google', 'chan-1')).toEqual(route);
    expect(await store.pushRoutes.get('microsoft', 'chan-1')).toBeNull();
    await store.pushRoutes.delete('google', 'chan-1');
    expect(await store.pushRoutes.get('google', 'chan-1')).toBeNull();
  });

  test('a connection id containing # is refused, so no id can prefix-match another', async () => {
    await expect(store.connections.create(uniqueUserId(), aConnection({ id: 'a#b' }))).rejects.toBeInstanceOf(InvalidKey);
  });

  test('items are stored under the user partition with readable key shapes', async () => {
    const userId = uniqueUserId();
    await store.connections.create(userId, aConnection({ id: 'c9' }));
    const raw = await table.client.send(
      new GetCommand({ TableName: table.tableName, Key: { pk: `USER#${userId}`, sk: 'CONN#c9' } }),
    );
    expect(raw.Item).toMatchObject({ pk: `USER#${userId}`, sk: 'CONN#c9', entity: 'Connection', id: 'c9', cursor: null });
  });
});
