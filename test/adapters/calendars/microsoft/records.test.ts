import { describe, expect, it } from 'vitest';
import { storedConnectionRecords } from '../../../../lib/adapters/calendars/sources.js';
import type { Proposal } from '../../../../lib/core/domain/proposal.js';
import type { Store } from '../../../../lib/core/ports/store.js';

/** What the Outlook adapter is told of a connection from the store (it never reads the store itself). */

function proposal(id: string, calendarId: string, status: Proposal['status']): Proposal {
  return {
    id,
    contactEmail: 'bob@fabrikam.example',
    calendarId,
    createdAt: '2026-11-20T08:00:00.000Z',
    expiresAt: '2026-11-27T08:00:00.000Z',
    status,
    slots: [{ start: `2026-11-25T09:00:00.000Z`, end: `2026-11-25T09:30:00.000Z`, holdId: `${id}-0` }],
    tokenHash: 'hash',
  };
}

function storeWith(proposals: Proposal[], instanceKeys: string[] = []): Pick<Store, 'events' | 'proposals'> {
  return {
    events: { listByConnection: async () => instanceKeys.map((instanceKey) => ({ instanceKey })) },
    proposals: { list: async () => proposals },
  } as unknown as Pick<Store, 'events' | 'proposals'>;
}

describe('stored connection records', () => {
  it('offers the slots of open and pending proposals on this calendar only, each with its proposal', async () => {
    const records = storedConnectionRecords(
      storeWith([proposal('open', 'outlook', 'open'), proposal('pending', 'outlook', 'pending'), proposal('booked', 'outlook', 'booked'), proposal('elsewhere', 'google', 'open')]),
    );
    expect(await records.offeredSlots('u1', 'outlook')).toEqual([
      { start: '2026-11-25T09:00:00.000Z', end: '2026-11-25T09:30:00.000Z', proposalId: 'open' },
      { start: '2026-11-25T09:00:00.000Z', end: '2026-11-25T09:30:00.000Z', proposalId: 'pending' },
    ]);
  });

  it('names the instance keys stored for the connection', async () => {
    expect(await storedConnectionRecords(storeWith([], ['a', 'b'])).storedInstanceKeys('u1', 'outlook')).toEqual(['a', 'b']);
  });
});
