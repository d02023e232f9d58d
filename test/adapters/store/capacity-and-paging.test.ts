import { beforeAll, describe, expect, test } from 'vitest';
import { createStoreContext } from '../../../lib/adapters/store/context.js';
import type { ConsumedUnits } from '../../../lib/adapters/store/context.js';
import { contactPrefix, userPartition } from '../../../lib/adapters/store/keys.js';
import { prefixQuery, queryAll } from '../../../lib/adapters/store/query.js';
import { freshTable, uniqueUserId, type FreshTable } from '../../support/dynamo.js';
import { aContact } from './fixtures.js';
import { createStore } from '../../../lib/adapters/store/store.js';

let table: FreshTable;
const reports: ConsumedUnits[] = [];
const userId = uniqueUserId();
beforeAll(async () => {
  table = await freshTable({ onConsumedCapacity: (units) => reports.push(units) });
  await table.store.contacts.putMany(userId, Array.from({ length: 30 }, (_, i) => aContact({ email: `p${i}@x.org` })));
});

describe('consumed capacity', () => {
  test('every call reports its units under the repository operation that made it', async () => {
    reports.length = 0;
    await table.store.contacts.get(userId, 'p1@x.org');
    await table.store.contacts.update(userId, 'p1@x.org', { cadenceDays: 5 });
    await table.store.contacts.due(userId, '2030-01-01T00:00:00.000Z');
    const ops = reports.map((r) => r.op);
    expect(ops).toEqual(['contacts.get', 'contacts.update', 'contacts.update', 'contacts.due']);
    const [get, updateRead, updateWrite, due] = reports;
    expect(get).toMatchObject({ read: expect.any(Number), write: 0 });
    expect(get!.read).toBeGreaterThan(0);
    expect(updateRead!.read).toBeGreaterThan(0);
    expect(updateWrite!.write).toBeGreaterThan(0);
    expect(due!.read).toBeGreaterThan(0);
  });

  test('counting operations alone asks DynamoDB for nothing more: the server never asks for capacity, so a measurement of it must not', async () => {
    const counted: string[] = [];
    const store = createStore({ client: table.client, tableName: table.tableName, onOperation: (op) => counted.push(op) });
    const asked: unknown[] = [];
    table.client.middlewareStack.add((next) => async (args) => (asked.push((args.input as { ReturnConsumedCapacity?: string }).ReturnConsumedCapacity), next(args)), { step: 'initialize', name: 'capacityAsked' });
    try {
      await store.contacts.get(userId, 'p1@x.org');
      await store.contacts.due(userId, '2030-01-01T00:00:00.000Z');
    } finally {
      table.client.middlewareStack.remove('capacityAsked');
    }
    expect(counted).toEqual(['contacts.get', 'contacts.due']);
    expect(asked).toEqual([undefined, undefined]);
  });

  test('batch writes report write units per BatchWriteItem call', async () => {
    reports.length = 0;
    await table.store.contacts.putMany(uniqueUserId(), Array.from({ length: 26 }, (_, i) => aContact({ email: `q${i}@x.org` })));
    expect(reports.map((r) => r.op)).toEqual(['contacts.putMany', 'contacts.putMany']);
    expect(reports.reduce((sum, r) => sum + r.write, 0)).toBeGreaterThanOrEqual(26);
  });
});

describe('paging', () => {
  test('a query follows LastEvaluatedKey to the last page', async () => {
    const pages: ConsumedUnits[] = [];
    const ctx = createStoreContext(table.client, table.tableName, (units) => pages.push(units));
    const items = await queryAll(ctx, 'test', { ...prefixQuery(userPartition(userId), contactPrefix), Limit: 7 });
    expect(items).toHaveLength(30);
    expect(pages.length).toBeGreaterThanOrEqual(5); // 7 + 7 + 7 + 7 + 2
  });
});
