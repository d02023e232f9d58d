import { beforeAll, describe, expect, test } from 'vitest';
import { sweepShardOf } from '../../../lib/core/domain/schedule.js';
import { pullInstantOf } from '../../../lib/core/domain/sweep-pulls.js';
import { createStore } from '../../../lib/adapters/store/store.js';
import type { Store } from '../../../lib/core/ports/store.js';
import { someSettings } from '../../core/domain/builders.js';
import { freshTable, type FreshTable } from '../../support/dynamo.js';
import { pullTimesOf } from '../../support/wake.js';
import { createStoreContext } from '../../../lib/adapters/store/context.js';
import { stepPullPut } from '../../../lib/adapters/store/wake.js';
import { transactWrite } from '../../../lib/adapters/store/transact.js';

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
  test('every pull is kept, a later one beside an earlier one, and two for one instant as two', async () => {
    await store.wake.pull('ana', '2027-01-10T15:00:00.000Z');
    await store.wake.pull('ana', '2027-01-10T18:00:00.000Z');
    await store.wake.pull('ana', '2027-01-10T13:00:00Z');
    await store.wake.pull('ana', '2027-01-10T13:00:00.000Z');
    expect(await pullTimesOf(store, 'ana')).toEqual(['2027-01-10T13:00:00.000Z', '2027-01-10T13:00:00.000Z', '2027-01-10T15:00:00.000Z', '2027-01-10T18:00:00.000Z']);
    expect((await wakeOf('ana'))?.wakeAt).toBeUndefined();
    // Further out than any sweep's next time (twelve hours): a sweep before it finds the work itself.
    await store.wake.pull('ana', '2027-01-11T00:00:01.000Z');
    expect(await pullTimesOf(store, 'ana')).toHaveLength(4);
  });

  test('the sweep removes the pulls it served and sets its time; a pull added while it ran stays', async () => {
    await store.wake.pull('ben', '2027-01-10T12:00:00.000Z');
    await store.wake.pull('ben', '2027-01-10T14:00:00.000Z');
    // The tick saw the 12:00 pull due; a booking pulls for 12:05 while the sweep runs.
    const served = (await wakeOf('ben'))!.pulls!.filter((entry) => pullInstantOf(entry) <= clock);
    await store.wake.pull('ben', '2027-01-10T12:05:00.000Z');
    await store.wake.settle('ben', '2027-01-10T18:00:00.000Z', served);
    expect(await wakeOf('ben')).toMatchObject({ wakeAt: '2027-01-10T18:00:00.000Z' });
    expect(await pullTimesOf(store, 'ben')).toEqual(['2027-01-10T12:05:00.000Z', '2027-01-10T14:00:00.000Z']);
    // A sweep nobody enqueued for a pull (run by hand) leaves the pulls to the tick.
    await store.wake.settle('ben', '2027-01-10T20:00:00.000Z');
    expect(await wakeOf('ben')).toMatchObject({ wakeAt: '2027-01-10T20:00:00.000Z' });
    expect(await pullTimesOf(store, 'ben')).toHaveLength(2);
    // Serving every pull leaves none (an empty set is no attribute at all).
    await store.wake.settle('ben', '2027-01-10T21:00:00.000Z', (await wakeOf('ben'))!.pulls);
    expect(await wakeOf('ben')).toEqual({ wakeAt: '2027-01-10T21:00:00.000Z' });
  });

  test('writes that leave work for the sweep pull it: settings, a new calendar', async () => {
    await store.profiles.put('chloe', someSettings());
    expect(await pullTimesOf(store, 'chloe')).toEqual([clock]);
    await store.wake.settle('chloe', '2027-01-10T18:00:00.000Z', (await wakeOf('chloe'))!.pulls);
    await store.connections.create('chloe', { id: 'work', kind: 'ics', label: 'work', source: 'https://example.com/a.ics', cursor: null, status: 'ok', createdAt: clock });
    expect(await pullTimesOf(store, 'chloe')).toEqual([clock]);
  });

  test("a booking change's pull sits beside its user's item: the tick and the user's read see it, a neighbour's id does not", async () => {
    // Two ids of one shard, one the other's prefix with a character that sorts before '#'.
    let neighbour = 'dan!0';
    for (let i = 1; sweepShardOf(neighbour) !== sweepShardOf('dan'); i++) neighbour = `dan!${i}`;
    const ctx = createStoreContext(table.client, table.tableName, undefined, () => clock);
    await transactWrite(ctx, 'test.book', [stepPullPut(ctx, 'dan', 'p1')]);
    await transactWrite(ctx, 'test.book', [stepPullPut(ctx, neighbour, 'p2')]);
    await store.wake.pull('dan', '2027-01-10T13:00:00.000Z');

    expect(await pullTimesOf(store, 'dan')).toEqual([clock, '2027-01-10T13:00:00.000Z']);
    expect(await pullTimesOf(store, neighbour)).toEqual([clock]);
    const seen = (await wakeOf('dan'))!.pulls!;
    expect(seen).toHaveLength(2);
    // The sweep served both: the booking's item is gone, the plain pull leaves the set.
    await store.wake.settle('dan', '2027-01-10T18:00:00.000Z', seen);
    expect(await store.wake.of('dan')).toEqual({ wakeAt: '2027-01-10T18:00:00.000Z' });
    expect(await pullTimesOf(store, neighbour)).toEqual([clock]);
  });

  test('a shard lists only its own users, and a bad shard is refused', async () => {
    const shard = sweepShardOf('ana');
    const wakes = await store.wake.shard(shard);
    expect([...wakes.keys()].every((userId) => sweepShardOf(userId) === shard)).toBe(true);
    await expect(store.wake.shard(99)).rejects.toThrow('sweep shard 99 is not in 0..15');
  });
});
