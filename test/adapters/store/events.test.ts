import { beforeAll, describe, expect, test } from 'vitest';
import type { Store } from '../../../lib/core/ports/store.js';
import { freshTable, uniqueUserId } from '../../support/dynamo.js';
import { anEvent } from './fixtures.js';

let store: Store;
beforeAll(async () => {
  ({ store } = await freshTable());
});

const byKey = (a: { instanceKey: string }, b: { instanceKey: string }) => a.instanceKey.localeCompare(b.instanceKey);

describe('events', () => {
  test('events read back exactly as written, per connection', async () => {
    const userId = uniqueUserId();
    const single = anEvent({ uid: 'one@example.com', title: 'Coffee', organizer: { email: 'ana@example.com' } });
    const instance = anEvent({
      uid: 'series@example.com',
      instanceKey: 'series@example.com|2027-03-09T09:00:00.000Z',
      recurrenceId: '2027-03-09T09:00:00.000Z',
      rapportHold: { proposalId: 'p1' },
    });
    await store.events.putMany(userId, 'c1', [single, instance]);
    expect((await store.events.listByConnection(userId, 'c1')).sort(byKey)).toEqual([single, instance].sort(byKey));
  });

  test("one connection's events never include another's, even when one id prefixes the other", async () => {
    const userId = uniqueUserId();
    await store.events.putMany(userId, 'c1', [anEvent({ uid: 'a' })]);
    await store.events.putMany(userId, 'c10', [anEvent({ uid: 'b' })]);
    expect((await store.events.listByConnection(userId, 'c1')).map((e) => e.uid)).toEqual(['a']);
    expect((await store.events.listByConnection(userId, 'c10')).map((e) => e.uid)).toEqual(['b']);
    expect(await store.events.listByConnection(uniqueUserId(), 'c1')).toEqual([]);
  });

  test('a batch of 130 events lands completely (several BatchWriteItem calls)', async () => {
    const userId = uniqueUserId();
    const events = Array.from({ length: 130 }, (_, i) => anEvent({ uid: `e${String(i).padStart(3, '0')}@example.com` }));
    await store.events.putMany(userId, 'c1', events);
    const stored = await store.events.listByConnection(userId, 'c1');
    expect(stored).toHaveLength(130);
    expect(stored.sort(byKey)).toEqual([...events].sort(byKey));
  });

  test('putting an event again replaces it (upsert by instance key)', async () => {
    const userId = uniqueUserId();
    await store.events.putMany(userId, 'c1', [anEvent({ uid: 'x', title: 'Old' })]);
    await store.events.putMany(userId, 'c1', [anEvent({ uid: 'x', title: 'New' })]);
    expect((await store.events.listByConnection(userId, 'c1')).map((e) => e.title)).toEqual(['New']);
  });

  test('the same event twice in one batch keeps the last version instead of failing', async () => {
    const userId = uniqueUserId();
    await store.events.putMany(userId, 'c1', [anEvent({ uid: 'x', title: 'First' }), anEvent({ uid: 'x', title: 'Second' })]);
    expect((await store.events.listByConnection(userId, 'c1')).map((e) => e.title)).toEqual(['Second']);
  });

  test('deleteMany removes exactly the named instances, across batches', async () => {
    const userId = uniqueUserId();
    const events = Array.from({ length: 60 }, (_, i) => anEvent({ uid: `e${i}` }));
    await store.events.putMany(userId, 'c1', events);
    const removed = events.slice(0, 55).map((e) => e.instanceKey);
    await store.events.deleteMany(userId, 'c1', [...removed, 'never-stored']);
    const left = (await store.events.listByConnection(userId, 'c1')).map((e) => e.uid).sort();
    expect(left).toEqual(events.slice(55).map((e) => e.uid).sort());
  });

  test('empty batches are no-ops', async () => {
    const userId = uniqueUserId();
    await store.events.putMany(userId, 'c1', []);
    await store.events.deleteMany(userId, 'c1', []);
    expect(await store.events.listByConnection(userId, 'c1')).toEqual([]);
  });
});
