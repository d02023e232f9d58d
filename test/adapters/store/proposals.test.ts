import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, test } from 'vitest';
import { AlreadyExists, ContactHasProposal, StaleProposal } from '../../../lib/core/ports/store-errors.js';
import { type Store } from '../../../lib/core/ports/store.js';
import { TABLE } from '../../../lib/adapters/store/table-definition.js';
import { freshTable, uniqueUserId, type FreshTable } from '../../support/dynamo.js';
import { aProposal } from './proposal-fixtures.js';

let table: FreshTable;
let store: Store;
beforeAll(async () => {
  table = await freshTable();
  store = table.store;
});

const rawItem = async (pk: string, sk: string) =>
  (await table.client.send(new GetCommand({ TableName: table.tableName, Key: { pk, sk }, ConsistentRead: true }))).Item;

describe('proposals', () => {
  test('a created proposal reads back exactly, is listed, and its contact is locked to it', async () => {
    const userId = uniqueUserId();
    const proposal = aProposal({ id: 'p1', contactEmail: 'ana@example.com', contactName: 'Ana' });
    await store.proposals.create(userId, proposal);
    expect(await store.proposals.get(userId, 'p1')).toEqual(proposal);
    expect(await store.proposals.list(userId)).toEqual([proposal]);
    expect(await store.proposals.activeFor(userId, 'ANA@example.com')).toBe('p1');
    expect(await store.proposals.get(uniqueUserId(), 'p1')).toBeNull();
  });

  test('the item carries a TTL in epoch seconds 30 days after its link, and keeps the ISO expiry', async () => {
    const userId = uniqueUserId();
    await store.proposals.create(userId, aProposal({ id: 'p1', contactEmail: 'ana@example.com', expiresAt: '2027-03-20T08:00:00.000Z' }));
    const item = await rawItem(`USER#${userId}`, 'PROPOSAL#p1');
    expect(item?.[TABLE.timeToLiveAttribute]).toBe(Date.parse('2027-04-19T08:00:00.000Z') / 1000);
    expect(item?.linkExpiresAt).toBe('2027-03-20T08:00:00.000Z');
  });

  test('records outlive the last offered slot when it lies beyond the link expiry', async () => {
    const userId = uniqueUserId();
    const proposal = aProposal({ id: 'p1', contactEmail: 'ana@example.com', expiresAt: '2027-03-02T08:00:00.000Z' });
    const lastSlotEnd = Date.parse(proposal.slots[1]!.end) / 1000;
    await store.proposals.create(userId, proposal);
    const ttl = lastSlotEnd + 30 * 86_400;
    expect((await rawItem(`USER#${userId}`, 'PROPOSAL#p1'))?.[TABLE.timeToLiveAttribute]).toBe(ttl);
    expect((await rawItem(`USER#${userId}`, 'PLOCK#ana@example.com'))?.[TABLE.timeToLiveAttribute]).toBe(ttl);
  });

  test('creating the same proposal twice fails with AlreadyExists and keeps the first', async () => {
    const userId = uniqueUserId();
    await store.proposals.create(userId, aProposal({ id: 'p1', contactEmail: 'ana@example.com', contactName: 'first' }));
    const again = store.proposals.create(userId, aProposal({ id: 'p1', contactEmail: 'ana@example.com', contactName: 'second' }));
    await expect(again).rejects.toBeInstanceOf(AlreadyExists);
    expect((await store.proposals.get(userId, 'p1'))?.contactName).toBe('first');
  });

  test('a second proposal for the same contact fails with ContactHasProposal naming the first, and writes nothing', async () => {
    const userId = uniqueUserId();
    await store.proposals.create(userId, aProposal({ id: 'p1', contactEmail: 'ana@example.com' }));
    const second = aProposal({ id: 'p2', contactEmail: 'Ana@Example.com' });
    const error = await store.proposals.create(userId, second).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContactHasProposal);
    expect((error as ContactHasProposal).proposalId).toBe('p1');
    expect(await store.proposals.get(userId, 'p2')).toBeNull();
    expect(await store.proposals.resolveLink(second.tokenHash)).toBeNull();
  });

  test('overlapping runs creating proposals for one contact: exactly one wins', async () => {
    const userId = uniqueUserId();
    const ids = Array.from({ length: 10 }, (_, i) => `p${i}`);
    const results = await Promise.allSettled(ids.map((id) => store.proposals.create(userId, aProposal({ id, contactEmail: 'ana@example.com' }))));
    const winners = results.filter((r) => r.status === 'fulfilled');
    expect(winners).toHaveLength(1);
    const holder = await store.proposals.activeFor(userId, 'ana@example.com');
    for (const r of results) if (r.status === 'rejected') expect((r.reason as ContactHasProposal).proposalId).toBe(holder);
    expect(await store.proposals.list(userId)).toHaveLength(1);
  });

  test('the booking link resolves by the token hash to the user and proposal', async () => {
    const userId = uniqueUserId();
    const proposal = aProposal({ id: 'p1', contactEmail: 'ana@example.com' });
    await store.proposals.create(userId, proposal);
    expect(await store.proposals.resolveLink(proposal.tokenHash)).toEqual({ userId, proposalId: 'p1', expiresAt: proposal.expiresAt });
    expect(await store.proposals.resolveLink('0'.repeat(64))).toBeNull();
  });

  test('save changes a proposal only from an expected status', async () => {
    const userId = uniqueUserId();
    const pending = aProposal({ id: 'p1', contactEmail: 'ana@example.com', status: 'pending' });
    await store.proposals.create(userId, pending);
    await store.proposals.save(userId, { ...pending, status: 'open' }, ['pending']);
    expect((await store.proposals.get(userId, 'p1'))?.status).toBe('open');

    const stale = store.proposals.save(userId, { ...pending, status: 'open', contactName: 'changed' }, ['pending']);
    await expect(stale).rejects.toBeInstanceOf(StaleProposal);
    expect(await store.proposals.get(userId, 'p1')).toEqual({ ...pending, status: 'open' });
  });

  test('save never creates a proposal that is not stored', async () => {
    const userId = uniqueUserId();
    const ghost = aProposal({ id: 'ghost', contactEmail: 'ana@example.com' });
    await expect(store.proposals.save(userId, ghost, ['open', 'pending'])).rejects.toBeInstanceOf(StaleProposal);
    await expect(store.proposals.save(userId, { ...ghost, status: 'expired' }, ['open'])).rejects.toBeInstanceOf(StaleProposal);
    expect(await store.proposals.get(userId, 'ghost')).toBeNull();
  });

  test('expiring a proposal releases its contact, so a new proposal can be made', async () => {
    const userId = uniqueUserId();
    const first = aProposal({ id: 'p1', contactEmail: 'ana@example.com' });
    await store.proposals.create(userId, first);
    await store.proposals.save(userId, { ...first, status: 'expired' }, ['open', 'pending']);
    expect(await store.proposals.activeFor(userId, 'ana@example.com')).toBeNull();
    await store.proposals.create(userId, aProposal({ id: 'p2', contactEmail: 'ana@example.com' }));
    expect(await store.proposals.activeFor(userId, 'ana@example.com')).toBe('p2');
  });

  test('a stale expiry neither changes the proposal nor releases the lock', async () => {
    const userId = uniqueUserId();
    const proposal = aProposal({ id: 'p1', contactEmail: 'ana@example.com' });
    await store.proposals.create(userId, proposal);
    await expect(store.proposals.save(userId, { ...proposal, status: 'cancelled' }, ['pending'])).rejects.toBeInstanceOf(StaleProposal);
    expect((await store.proposals.get(userId, 'p1'))?.status).toBe('open');
    expect(await store.proposals.activeFor(userId, 'ana@example.com')).toBe('p1');
  });

  test("closing an old proposal never releases a newer proposal's lock", async () => {
    const userId = uniqueUserId();
    const old = aProposal({ id: 'old', contactEmail: 'ana@example.com' });
    await store.proposals.create(userId, old);
    await store.proposals.save(userId, { ...old, status: 'expired' }, ['open']);
    await store.proposals.create(userId, aProposal({ id: 'new', contactEmail: 'ana@example.com' }));
    await store.proposals.save(userId, { ...old, status: 'cancelled' }, ['expired']);
    await store.proposals.releaseLock(userId, 'ana@example.com', 'old');
    expect(await store.proposals.activeFor(userId, 'ana@example.com')).toBe('new');
  });

  test('releaseLock frees the contact of a booked proposal and is idempotent', async () => {
    const userId = uniqueUserId();
    await store.proposals.create(userId, aProposal({ id: 'p1', contactEmail: 'ana@example.com' }));
    await store.proposals.releaseLock(userId, 'ana@example.com', 'p1');
    await store.proposals.releaseLock(userId, 'ana@example.com', 'p1');
    expect(await store.proposals.activeFor(userId, 'ana@example.com')).toBeNull();
  });
});
