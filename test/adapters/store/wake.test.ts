import { beforeAll, describe, expect, test } from 'vitest';
import { sweepShardOf } from '../../../lib/core/domain/schedule.js';
import { createStore } from '../../../lib/adapters/store/store.js';
import type { Store } from '../../../lib/core/ports/store.js';
import { someSettings } from '../../core/domain/builders.js';
import { freshTable, type FreshTable } from '../../support/dynamo.js';

/** The sweep's wake times: what the tick reads to pass over users with nothing due. */

let table: FreshTable;
const clock = '2027-01-10T12:00:00.000Z';
let store: Store;

beforeAll(async () => {
  table = await freshTable();
  store = createStore({ client: table.client, tableName: table.tableName, now: () => clock });
});

const wakeOf = async (userId: string) => (await store.wake.shard(sweepShardOf(userId))).get(userId);

describe('wake times', () => {
  test('a pull only ever brings the next sweep forward', async () => {
    await store.wake.pull('ana', '2027-01-10T15:00:00.000Z');
    await store.wake.pull('ana', '2027-01-10T18:00:00.000Z');
    expect(await wakeOf('ana')).toEqual({ pullAt: '2027-01-10T15:00:00.000Z' });
    await store.wake.pull('ana', '2027-01-10T13:00:00Z');
    expect(await wakeOf('ana')).toEqual({ pullAt: '2027-01-10T13:00:00.000Z' });
  });

  test('the sweep that served a pull clears it; one that came meanwhile stays due', async () => {
    await store.wake.pull('ben', '2027-01-10T12:00:00.000Z');
    await store.wake.settle('ben', '2027-01-10T18:00:00.000Z', '2027-01-10T12:00:00.000Z');
    expect(await wakeOf('ben')).toEqual({ wakeAt: '2027-01-10T18:00:00.000Z' });
    // The tick saw 12:05; a booking pulled to 12:07 while the sweep ran.
    await store.wake.pull('ben', '2027-01-10T12:05:00.000Z');
    await store.wake.pull('ben', '2027-01-10T12:04:00.000Z');
    await store.wake.settle('ben', '2027-01-10T19:00:00.000Z', '2027-01-10T12:05:00.000Z');
    expect(await wakeOf('ben')).toEqual({ wakeAt: '2027-01-10T19:00:00.000Z', pullAt: '2027-01-10T12:04:00.000Z' });
    // A sweep nobody enqueued for a pull (run by hand) leaves the pull to the tick.
    await store.wake.settle('ben', '2027-01-10T20:00:00.000Z');
    expect(await wakeOf('ben')).toEqual({ wakeAt: '2027-01-10T20:00:00.000Z', pullAt: '2027-01-10T12:04:00.000Z' });
  });

  test('writes that leave work for the sweep pull it: settings, a new calendar', async () => {
    await store.profiles.put('chloe', someSettings());
    expect(await wakeOf('chloe')).toEqual({ pullAt: clock });
    await store.wake.settle('chloe', '2027-01-10T18:00:00.000Z', clock);
    await store.connections.create('chloe', { id: 'work', kind: 'ics', label: 'work', source: 'https://example.com/a.ics', cursor: null, status: 'ok', createdAt: clock });
    expect(await wakeOf('chloe')).toEqual({ wakeAt: '2027-01-10T18:00:00.000Z', pullAt: clock });
  });

  test('a shard lists only its own users, and a bad shard is refused', async () => {
    const shard = sweepShardOf('ana');
    const wakes = await store.wake.shard(shard);
    expect([...wakes.keys()].every((userId) => sweepShardOf(userId) === shard)).toBe(true);
    await expect(store.wake.shard(99)).rejects.toThrow('sweep shard 99 is not in 0..15');
  });
});
