import { beforeAll, describe, expect, test } from 'vitest';
import { InvalidKey } from '../../../lib/core/ports/store-errors.js';
import type { Store } from '../../../lib/core/ports/store.js';
import { freshTable, uniqueUserId } from '../../support/dynamo.js';
import { aMeeting } from './fixtures.js';

let store: Store;
const userId = uniqueUserId();
const march = [
  aMeeting({ instanceKey: 'm1', start: '2027-03-01T09:00:00.000Z' }),
  aMeeting({ instanceKey: 'm2', start: '2027-03-05T23:30:00.000Z', title: 'Dinner', size: 'large', with: ['a@x.org', 'b@x.org'], names: {} }),
  aMeeting({ instanceKey: 'm3|2027-03-10T08:00:00.000Z', start: '2027-03-10T08:00:00.000Z' }),
  aMeeting({ instanceKey: 'm4', start: '2027-03-31T12:00:00.000Z' }),
];

beforeAll(async () => {
  ({ store } = await freshTable());
  // Written out of order: listing must still be oldest first.
  await store.meetings.putMany(userId, [march[2]!, march[0]!, march[3]!, march[1]!]);
});

const keys = (meetings: { instanceKey: string }[]) => meetings.map((m) => m.instanceKey);

describe('meetings', () => {
  test('all meetings read back as written, oldest first', async () => {
    expect(await store.meetings.list(userId)).toEqual(march);
  });

  test('a range includes meetings starting exactly at `from` and excludes those starting at `to`', async () => {
    const listed = await store.meetings.list(userId, { from: '2027-03-05T23:30:00.000Z', to: '2027-03-31T12:00:00.000Z' });
    expect(keys(listed)).toEqual(['m2', 'm3|2027-03-10T08:00:00.000Z']);
  });

  test('open-ended ranges work on either side', async () => {
    expect(keys(await store.meetings.list(userId, { from: '2027-03-06T00:00:00.000Z' }))).toEqual(['m3|2027-03-10T08:00:00.000Z', 'm4']);
    expect(keys(await store.meetings.list(userId, { to: '2027-03-06T00:00:00.000Z' }))).toEqual(['m1', 'm2']);
  });

  test('bounds in another offset mean the same instant', async () => {
    // 2027-03-06T12:30+13:45 (Chatham daylight time) is 2027-03-05T22:45Z: before m2.
    const listed = await store.meetings.list(userId, { from: '2027-03-06T12:30:00+13:45', to: '2027-03-06T00:00:00Z' });
    expect(keys(listed)).toEqual(['m2']);
  });

  test('an empty or inverted range lists nothing', async () => {
    expect(await store.meetings.list(userId, { from: '2027-03-10T00:00:00.000Z', to: '2027-03-10T00:00:00.000Z' })).toEqual([]);
    expect(await store.meetings.list(userId, { from: '2027-04-01T00:00:00.000Z', to: '2027-03-01T00:00:00.000Z' })).toEqual([]);
  });

  test('a bound without a zone is refused rather than read in the machine zone', async () => {
    await expect(store.meetings.list(userId, { from: '2027-03-01T00:00:00' })).rejects.toBeInstanceOf(InvalidKey);
  });

  test('recording a meeting again is idempotent, and deleteMany removes by start and instance key', async () => {
    const other = uniqueUserId();
    await store.meetings.putMany(other, march);
    await store.meetings.putMany(other, [march[0]!]);
    expect(await store.meetings.list(other)).toHaveLength(4);
    await store.meetings.deleteMany(other, [march[0]!, { start: march[3]!.start, instanceKey: march[3]!.instanceKey }]);
    expect(keys(await store.meetings.list(other))).toEqual(['m2', 'm3|2027-03-10T08:00:00.000Z']);
  });

  test("one user's meetings never appear in another's list", async () => {
    expect(await store.meetings.list(uniqueUserId())).toEqual([]);
  });
});
