import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, test } from 'vitest';
import { identityKey } from '../../../lib/adapters/store/identities.js';
import type { Store } from '../../../lib/core/ports/store.js';
import { freshTable, uniqueUserId, type FreshTable } from '../../support/dynamo.js';

const NOW = '2026-11-23T12:00:00.000Z';
let table: FreshTable;
let store: Store;
beforeAll(async () => {
  table = await freshTable();
  store = table.store;
});

describe('identities: which user a provider account signs in as', () => {
  test('an unknown account has no user; once bound, it has that one for good', async () => {
    const account = { provider: 'google' as const, id: 'ann@northwind.example' };
    const ann = uniqueUserId();
    expect(await store.identities.ownerOf(account)).toBeNull();
    expect(await store.identities.bind(account, ann, NOW)).toBe(ann);
    expect(await store.identities.ownerOf(account)).toBe(ann);
    expect(await store.identities.bind(account, ann, NOW)).toBe(ann);
    // Someone else binding it later learns who has it; nothing is overwritten.
    expect(await store.identities.bind(account, uniqueUserId(), NOW)).toBe(ann);
    expect(await store.identities.ownerOf(account)).toBe(ann);
  });

  test('racing first binds of one account leave exactly one owner, and every racer learns it', async () => {
    const account = { provider: 'microsoft' as const, id: '00000000-0000-0000-0000-000000000042.9188040d-6c67-4c5b-b112-36a304b66dad' };
    const racers = Array.from({ length: 8 }, () => uniqueUserId());
    const owners = await Promise.all(racers.map((userId) => store.identities.bind(account, userId, NOW)));
    expect(new Set(owners).size).toBe(1);
    expect(racers).toContain(owners[0]);
    expect(await store.identities.ownerOf(account)).toBe(owners[0]);
  });

  test('the same id at two providers is two accounts', async () => {
    const google = uniqueUserId();
    const microsoft = uniqueUserId();
    await store.identities.bind({ provider: 'google', id: 'same@example.com' }, google, NOW);
    await store.identities.bind({ provider: 'microsoft', id: 'same@example.com' }, microsoft, NOW);
    expect(await store.identities.ownerOf({ provider: 'google', id: 'same@example.com' })).toBe(google);
    expect(await store.identities.ownerOf({ provider: 'microsoft', id: 'same@example.com' })).toBe(microsoft);
  });

  test('lives outside every user partition, keyed by a hash: the table does not list sign-in addresses', async () => {
    const key = identityKey({ provider: 'google', id: 'hidden@example.com' });
    expect(key.pk).toMatch(/^IDENTITY#google#[A-Za-z0-9_-]{43}$/);
    await store.identities.bind({ provider: 'google', id: 'hidden@example.com' }, uniqueUserId(), NOW);
    const { Items = [] } = await table.client.send(new ScanCommand({ TableName: table.tableName }));
    expect(JSON.stringify(Items)).not.toContain('hidden@example.com');
    expect(Items.filter((item) => String(item.pk).startsWith('USER#'))).toEqual([]);
  });
});
