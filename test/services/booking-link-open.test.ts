import { randomBytes } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_COFFEE_SETTINGS } from '../../lib/core/domain/coffee.js';
import { holdIdFor, type Proposal } from '../../lib/core/domain/proposal.js';
import type { Store } from '../../lib/core/ports/store.js';
import { BookingError } from '../../lib/services/booking-errors.js';
import { bookingTokenFor, hashToken, legacyBookingTokenFor } from '../../lib/services/booking-links.js';
import { openBookingLink } from '../../lib/services/booking.js';
import { proposeForUser, type ProposedCoffee } from '../../lib/services/propose.js';
import { TEST_SETTINGS } from '../support/app-server.js';
import { freshTable, uniqueUserId } from '../support/dynamo.js';
import { overdueContact, serviceDeps } from './service-deps.js';

/**
 * Opening a booking link, against DynamoDB Local: a sealed link reads its proposal straight
 * away; links of earlier releases, and sealed links whose key was replaced since, are found by
 * their stored hash; an altered or foreign link opens nothing.
 */

const NOW = '2026-11-23T08:00:00.000Z';
const signingKey = randomBytes(32);
let store: Store;
let userId: string;
let coffee: ProposedCoffee;
let ops: string[];

const tokenOf = (c: ProposedCoffee) => c.link.slice(c.link.lastIndexOf('/') + 1);
const open = (token: string, key = signingKey) => openBookingLink(serviceDeps({ store, clock: () => NOW, signingKey: key }), token, NOW);

beforeEach(async () => {
  ops = [];
  ({ store } = await freshTable({ onConsumedCapacity: ({ op }) => ops.push(op) }));
  userId = uniqueUserId();
  await store.profiles.put(userId, { ...TEST_SETTINGS, coffee: { ...DEFAULT_COFFEE_SETTINGS } });
  await store.connections.create(userId, { id: 'rapport', kind: 'rapport', label: 'Rapport', cursor: null, status: 'ok', createdAt: NOW });
  await store.contacts.putMany(userId, [overdueContact('jane@example.com', '2026-09-01T09:00:00.000Z')]);
  [coffee] = (await proposeForUser(serviceDeps({ store, clock: () => NOW, signingKey }), userId, NOW)).created as [ProposedCoffee];
  ops.length = 0;
});

async function rejection(token: string, key = signingKey): Promise<string> {
  const error = await open(token, key).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(BookingError);
  return (error as BookingError).kind;
}

describe('opening a booking link', () => {
  it('a sealed link reads its proposal without a lookup first', async () => {
    const opened = await open(tokenOf(coffee));
    expect(opened.userId).toBe(userId);
    expect(opened.proposal.id).toBe(coffee.proposalId);
    expect(ops).toEqual(['bookings.proposalWithSettings']);
  });

  it('after the server key is replaced, a link made before still opens, found by its hash', async () => {
    const opened = await open(tokenOf(coffee), randomBytes(32));
    expect(opened.proposal.id).toBe(coffee.proposalId);
    expect(ops).toEqual(['proposals.resolveLink', 'bookings.proposalWithSettings']);
  });

  it("an earlier release's link (an HMAC of the proposal id, stored as its hash) still opens", async () => {
    const id = 'earlier-release';
    const token = legacyBookingTokenFor(signingKey, id);
    const start = '2026-11-26T10:00:00.000Z';
    const proposal: Proposal = {
      id,
      contactEmail: 'sam@example.com',
      calendarId: 'rapport',
      createdAt: NOW,
      expiresAt: '2026-11-30T08:00:00.000Z',
      status: 'pending',
      slots: [{ start, end: '2026-11-26T10:30:00.000Z', holdId: holdIdFor(id, start) }],
      tokenHash: hashToken(token),
    };
    await store.proposals.create(userId, proposal);
    await store.proposals.save(userId, { ...proposal, status: 'open' }, ['pending']);
    expect((await open(token)).proposal.id).toBe(id);
  });

  it('a sealed link altered, sealed with another key, or sealed for another user opens nothing', async () => {
    const token = tokenOf(coffee);
    const flipped = `${token.slice(0, 20)}${token[20] === 'A' ? 'B' : 'A'}${token.slice(21)}`;
    expect(await rejection(flipped)).toBe('unknown-link');
    expect(await rejection(bookingTokenFor(randomBytes(32), { userId, proposalId: coffee.proposalId }))).toBe('unknown-link');
    expect(await rejection(bookingTokenFor(signingKey, { userId: uniqueUserId(), proposalId: coffee.proposalId }))).toBe('unknown-link');
  });
});
