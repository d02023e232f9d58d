import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, test } from 'vitest';
import { DEFAULT_COFFEE_SETTINGS } from '../../../lib/core/domain/coffee.js';
import { sweepShardOf } from '../../../lib/core/domain/schedule.js';
import { createStore } from '../../../lib/adapters/store/store.js';
import type { Store } from '../../../lib/core/ports/store.js';
import { someSettings } from '../../core/domain/builders.js';
import { freshTable, type FreshTable } from '../../support/dynamo.js';

/** The schedule indexes the cloud's tick reads instead of scanning the table. */

let table: FreshTable;
let clock = '2027-01-10T12:00:00.000Z';
let store: Store;

beforeAll(async () => {
  table = await freshTable();
  store = createStore({ client: table.client, tableName: table.tableName, now: () => clock });
});

const london = someSettings({ timeZone: 'Europe/London', coffee: { ...DEFAULT_COFFEE_SETTINGS, proposalHour: 8 } });
const tokyo = someSettings({ timeZone: 'Asia/Tokyo', coffee: { ...DEFAULT_COFFEE_SETTINGS, proposalHour: 9 } });

async function allPages(read: (next?: string) => Promise<{ userIds: string[]; next?: string }>): Promise<string[]> {
  const ids: string[] = [];
  let next: string | undefined;
  do {
    const page = await read(next);
    ids.push(...page.userIds);
    next = page.next;
  } while (next !== undefined);
  return ids;
}

describe('schedule indexes', () => {
  test('saving a profile places the user in their sweep shard and their proposal hour', async () => {
    await store.profiles.put('ana', london);
    await store.profiles.put('kenji', tokyo);
    expect(await allPages((n) => store.schedule.proposalHour(8, n))).toContain('ana');
    // 09:00 in Tokyo (+9) is 00 UTC.
    expect(await allPages((n) => store.schedule.proposalHour(0, n))).toEqual(['kenji']);
    expect(await allPages((n) => store.schedule.sweepShard(sweepShardOf('ana'), n))).toContain('ana');
    // The schedule attributes are the store's business: reading the profile gives settings only.
    expect(await store.profiles.get('ana')).toEqual(london);
  });

  test('a shard larger than a page is read to the end, each user once', async () => {
    const ids = Array.from({ length: 40 }, (_, i) => `p${i}`);
    for (const id of ids) await store.profiles.put(id, london);
    const byShard = new Map<number, string[]>();
    for (const id of ids) byShard.set(sweepShardOf(id), [...(byShard.get(sweepShardOf(id)) ?? []), id]);
    for (const [shard, expected] of byShard) {
      const found = (await allPages((n) => store.schedule.sweepShard(shard, n, 2))).filter((id) => id.startsWith('p'));
      expect(found.sort()).toEqual(expected.sort());
    }
  });

  test('reschedule follows DST, writes nothing when nothing moved, and never revives a deleted profile', async () => {
    await store.profiles.put('dst', london);
    expect(await allPages((n) => store.schedule.proposalHour(8, n))).toContain('dst');
    clock = '2027-03-27T08:00:00.000Z'; // Saturday's run; Sunday is BST.
    await store.schedule.reschedule('dst', london, 8);
    expect(await allPages((n) => store.schedule.proposalHour(7, n))).toContain('dst');
    expect(await allPages((n) => store.schedule.proposalHour(8, n))).not.toContain('dst');

    await store.schedule.reschedule('nobody', london);
    const ghost = await table.client.send(new GetCommand({ TableName: table.tableName, Key: { pk: 'USER#nobody', sk: 'PROFILE' } }));
    expect(ghost.Item).toBeUndefined();
  });

  test('out-of-range shards and hours are refused before any request', async () => {
    await expect(store.schedule.sweepShard(16)).rejects.toThrow(/sweep shard 16/);
    await expect(store.schedule.proposalHour(24)).rejects.toThrow(/hour 24/);
  });
});
