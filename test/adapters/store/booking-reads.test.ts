import { beforeAll, describe, expect, test } from 'vitest';
import type { ConsumedUnits } from '../../../lib/adapters/store/store.js';
import type { Store } from '../../../lib/core/ports/store.js';
import { TEST_SETTINGS } from '../../support/app-server.js';
import { freshTable, uniqueUserId } from '../../support/dynamo.js';
import { aBooking, aProposal } from './proposal-fixtures.js';

/** A booking page's reads from the store: each one request, whatever else the user's partition holds. */

let store: Store;
const ops: string[] = [];
beforeAll(async () => {
  store = (await freshTable({ onConsumedCapacity: (units: ConsumedUnits) => ops.push(units.op) })).store;
});

const NOW = '2027-03-01T08:00:00.000Z';

describe('a booking page reads the store in few requests', () => {
  test('the proposal and its host’s settings come in one request, either missing as null', async () => {
    const userId = uniqueUserId();
    const proposal = aProposal({ id: 'p1', contactEmail: 'ana@example.com' });
    await store.proposals.create(userId, proposal);
    expect(await store.bookings.proposalWithSettings(userId, 'p1')).toEqual({ proposal, settings: null });
    await store.profiles.put(userId, TEST_SETTINGS);
    ops.length = 0;
    expect(await store.bookings.proposalWithSettings(userId, 'p1')).toEqual({ proposal, settings: TEST_SETTINGS });
    expect(ops).toEqual(['bookings.proposalWithSettings']);
    expect(await store.bookings.proposalWithSettings(userId, 'p2')).toEqual({ proposal: null, settings: TEST_SETTINGS });
  });

  test('connections, busy indexes and the claims in the window come in one request, and nothing else', async () => {
    const userId = uniqueUserId();
    await store.profiles.put(userId, TEST_SETTINGS);
    await store.connections.create(userId, { id: 'rapport', kind: 'rapport', label: 'Rapport', cursor: null, status: 'ok', createdAt: NOW });
    await store.connections.create(userId, { id: 'feed', kind: 'ics', label: 'Feed', source: 'https://example.com/a.ics', cursor: null, status: 'ok', createdAt: NOW });
    const busy = { connectionId: 'feed', from: NOW, to: '2027-04-01T00:00:00.000Z', intervals: [{ start: '2027-03-09T10:00:00.000Z', end: '2027-03-09T11:00:00.000Z' }], updatedAt: NOW };
    await store.busy.put(userId, busy);
    // Two bookings (claims on Tuesday and Thursday, with their claim cells), a lock and a link beside them.
    for (const [id, slot] of [['p1', 0], ['p2', 1]] as const) {
      const proposal = aProposal({ id, contactEmail: `${id}@example.com` });
      await store.proposals.create(userId, proposal);
      await store.bookings.book(userId, proposal, aBooking(proposal, slot), await store.bookings.guard(userId, proposal.slots[slot]!));
    }
    ops.length = 0;

    const tuesday = await store.bookings.calendarState(userId, { from: '2027-03-09T00:00:00.000Z', to: '2027-03-10T00:00:00.000Z' });

    expect(ops).toEqual(['bookings.calendarState']);
    expect(tuesday.connections.map((c) => c.id).sort()).toEqual(['feed', 'rapport']);
    expect(tuesday.connections.find((c) => c.id === 'feed')).toEqual(await store.connections.get(userId, 'feed'));
    expect(tuesday.busy).toEqual([busy]);
    expect(tuesday.claims).toEqual([{ proposalId: 'p1', start: '2027-03-09T08:30:00.000Z', end: '2027-03-09T09:00:00.000Z' }]);
    // Half-open, as `claims` is.
    expect((await store.bookings.calendarState(userId, { from: '2027-03-09T09:00:00.000Z', to: '2027-03-11T08:30:00.000Z' })).claims).toEqual([]);
    expect(await store.bookings.calendarState(uniqueUserId(), { from: NOW, to: '2027-04-01T00:00:00.000Z' })).toEqual({ connections: [], busy: [], claims: [] });
  });

  test('a link found once is not looked up again (its target never changes); one not found is looked up every time', async () => {
    const userId = uniqueUserId();
    const proposal = aProposal({ id: 'p1', contactEmail: 'ana@example.com' });
    const missing = aProposal({ id: 'p2', contactEmail: 'ben@example.com' });
    await store.proposals.create(userId, proposal);
    ops.length = 0;

    const first = await store.proposals.resolveLink(proposal.tokenHash);
    expect(await store.proposals.resolveLink(proposal.tokenHash)).toEqual(first);
    expect(first).toEqual({ userId, proposalId: 'p1', expiresAt: proposal.expiresAt });
    expect(ops).toEqual(['proposals.resolveLink']);

    expect(await store.proposals.resolveLink(missing.tokenHash)).toBeNull();
    await store.proposals.create(userId, missing);
    expect(await store.proposals.resolveLink(missing.tokenHash)).toEqual({ userId, proposalId: 'p2', expiresAt: missing.expiresAt });
  });
});
