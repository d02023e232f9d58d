import { beforeAll, describe, expect, test } from 'vitest';
import type { WorkMessage } from '../../lib/adapters/queue/messages.js';
import { createStore } from '../../lib/adapters/store/store.js';
import { PULLS_PER_MESSAGE, pullInstantOf } from '../../lib/core/domain/sweep-pulls.js';
import { sweepShardOf } from '../../lib/core/domain/schedule.js';
import type { Store } from '../../lib/core/ports/store.js';
import { silentLogger } from '../../lib/runtime/log.js';
import { enqueueSweeps } from '../../lib/services/tick.js';
import { someSettings } from '../core/domain/builders.js';
import { freshTable, uniqueUserId } from '../support/dynamo.js';

/** The sweep tick against DynamoDB Local: who is enqueued, with which pulls. */

const NOW = '2027-01-10T12:00:00.000Z';
let store: Store;

beforeAll(async () => {
  const table = await freshTable();
  store = createStore({ client: table.client, tableName: table.tableName, now: () => NOW });
});

async function tick(at: string): Promise<Map<string, string[]>> {
  const sent: WorkMessage[] = [];
  await enqueueSweeps({ store, queue: { send: async (messages) => void sent.push(...messages) }, logger: silentLogger }, at);
  return new Map(sent.map((m) => [(m as { userId: string }).userId, (m as { pulled?: string[] }).pulled ?? []]));
}

/** A user whose last sweep served every pull and set its next time to `wakeAt`. */
async function restingUser(wakeAt: string): Promise<string> {
  const userId = uniqueUserId();
  await store.profiles.put(userId, someSettings());
  await store.wake.settle(userId, wakeAt, (await store.wake.shard(sweepShardOf(userId))).get(userId)?.pulls);
  return userId;
}

describe('the sweep tick', () => {
  test('passes over a user whose time has not come, and a pull not yet due neither sends nor goes', async () => {
    const userId = await restingUser('2027-01-10T18:00:00.000Z');
    await store.wake.pull(userId, '2027-01-10T12:20:00.000Z');
    expect((await tick('2027-01-10T12:15:00.000Z')).has(userId)).toBe(false);
    const sent = await tick('2027-01-10T12:30:00.000Z');
    expect(sent.get(userId)?.map(pullInstantOf)).toEqual(['2027-01-10T12:20:00.000Z']);
    // Not served yet: still there for the next tick.
    expect((await tick('2027-01-10T12:45:00.000Z')).get(userId)).toHaveLength(1);
    expect((await tick('2027-01-10T18:00:00.000Z')).has(userId)).toBe(true);
  });

  test('a user who gathered many pulls (a sweep failing for a while) gets the oldest in bounded messages', async () => {
    const userId = await restingUser('2027-01-10T18:00:00.000Z');
    for (let i = 0; i < PULLS_PER_MESSAGE + 5; i++) await store.wake.pull(userId, new Date(Date.parse('2027-01-10T11:00:00.000Z') + i * 1000).toISOString());
    const pulled = (await tick('2027-01-10T12:15:00.000Z')).get(userId)!;
    expect(pulled).toHaveLength(PULLS_PER_MESSAGE);
    expect(pulled.map(pullInstantOf)[0]).toBe('2027-01-10T11:00:00.000Z');
    await store.wake.settle(userId, '2027-01-10T18:00:00.000Z', pulled);
    expect((await tick('2027-01-10T12:30:00.000Z')).get(userId)).toHaveLength(5);
  });
});
