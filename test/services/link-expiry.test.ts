import { beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_COFFEE_SETTINGS } from '../../lib/core/domain/coffee.js';
import { linkExpiryFor } from '../../lib/core/domain/proposal.js';
import { bookCoffee, openBookingLink } from '../../lib/services/booking.js';
import { BookingError } from '../../lib/services/booking-errors.js';
import { proposeForUser } from '../../lib/services/propose.js';
import type { Store } from '../../lib/core/ports/store.js';
import { TEST_SETTINGS } from '../support/app-server.js';
import { freshTable, uniqueUserId } from '../support/dynamo.js';
import { overdueContact, serviceDeps } from './service-deps.js';

const NOW = '2026-11-23T08:00:00.000Z'; // Monday; London is on GMT

describe('when a booking link stops working', () => {
  it('is the lifetime after it was made when every offered time can be booked before then', () => {
    const expiry = linkExpiryFor(NOW, [{ start: '2026-11-24T08:30:00.000Z' }, { start: '2026-11-27T15:00:00.000Z' }], { lifetimeDays: 7, minimumNoticeHours: 24 });
    expect(expiry).toBe('2026-11-30T08:00:00.000Z');
  });

  it('is no earlier than the last offered start minus the notice when that start lies past the lifetime', () => {
    const expiry = linkExpiryFor(NOW, [{ start: '2026-11-24T08:30:00.000Z' }, { start: '2026-12-04T15:00:00.000Z' }], { lifetimeDays: 7, minimumNoticeHours: 24 });
    expect(expiry).toBe('2026-12-03T15:00:00.000Z');
  });
});

describe('a proposal whose last offered time lies past the link lifetime', () => {
  let store: Store;
  let userId: string;
  let clock = NOW;

  beforeEach(async () => {
    ({ store } = await freshTable());
    userId = uniqueUserId();
    clock = NOW;
    await store.profiles.put(userId, { ...TEST_SETTINGS, coffee: { ...DEFAULT_COFFEE_SETTINGS, windows: [{ day: 'tue', start: '08:30', end: '10:00' }], linkLifetimeDays: 7, horizonDays: 14 } });
    await store.connections.create(userId, { id: 'rapport', kind: 'rapport', label: 'Rapport', cursor: null, status: 'ok', createdAt: NOW });
    await store.contacts.putMany(userId, [overdueContact('jane@example.com', '2026-09-01T09:00:00.000Z')]);
  });

  it('keeps its link bookable until that last time minus the notice, and says so in expiresAt', async () => {
    const deps = serviceDeps({ store, clock: () => clock });
    const [jane] = (await proposeForUser(deps, userId, NOW)).created;
    const last = jane!.slots[jane!.slots.length - 1]!;
    // Tuesdays only: 24 Nov, then 1 Dec, one week and a day after the proposal.
    expect(last.start).toBe('2026-12-01T08:30:00.000Z');
    expect(jane!.expiresAt).toBe('2026-11-30T08:30:00.000Z');
    expect((await store.proposals.get(userId, jane!.proposalId))?.expiresAt).toBe(jane!.expiresAt);

    const token = jane!.link.split('/').pop()!;
    // After the bare 7-day lifetime (30 Nov 08:00) the link still books the last offered time.
    clock = '2026-11-30T08:15:00.000Z';
    const booked = await bookCoffee(deps, token, { start: last.start }, clock);
    expect(booked.booking.start).toBe(last.start);
  });

  it('stops working once the last offered time is within the notice', async () => {
    const deps = serviceDeps({ store, clock: () => clock });
    const [jane] = (await proposeForUser(deps, userId, NOW)).created;
    const token = jane!.link.split('/').pop()!;
    await expect(openBookingLink(deps, token, '2026-11-30T08:30:00.000Z')).rejects.toSatisfy((e) => e instanceof BookingError && e.kind === 'link-expired');
  });
});
