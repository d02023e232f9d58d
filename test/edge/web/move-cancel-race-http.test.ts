import { describe, expect, it } from 'vitest';
import { invitationsInOutbox } from '../../support/outbox.js';
import { postForm } from '../../support/app-server.js';
import { openGuestPage, postJson, useBookingWorld } from './booking-scenario.js';

/**
 * The guest's two tabs on the running local server: moves and cancels of one coffee sent at
 * the same time. One conditional write decides each change before any calendar call, so no
 * answer is a 5xx, a loser changes nothing, and the calendar, the claims and the invitations
 * agree with the record at the end.
 */
const { world, store, userId } = useBookingWorld();

describe('moves and cancels of one coffee at the same time', () => {
  it('20 moves and 20 cancels: no 5xx, one outcome, calendar and record agree, one CANCEL at most', async () => {
    const coffee = await world.propose('race@example.com', 'Race');
    const booked = (await (await postJson(coffee.link, { start: coffee.slots[0]!.start })).json()) as { manageUrl: string };
    const managePath = new URL(booked.manageUrl).pathname;
    const { cookie, csrf } = await openGuestPage(`${world.app.url}${managePath}`);

    const requests = Array.from({ length: 40 }, (_, i) =>
      i % 2 === 0
        ? postForm(`${world.app.url}${managePath}/move`, { csrf, start: coffee.slots[1 + ((i / 2) % 2)]!.start }, cookie)
        : postForm(`${world.app.url}${managePath}/cancel`, { csrf }, cookie),
    );
    const statuses = (await Promise.all(requests)).map((r) => r.status);
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(statuses.every((s) => [303, 409, 410].includes(s)), statuses.join(',')).toBe(true);

    const proposal = (await store().proposals.get(userId(), coffee.proposalId))!;
    const booking = proposal.booking!;
    expect(booking.calendarDue).toBeUndefined();
    const event = await store().localCalendar.get(userId(), booking.eventId);
    const claims = await store().bookings.claims(userId(), { from: '2026-11-01T00:00:00.000Z', to: '2027-01-01T00:00:00.000Z' });
    const invitations = (await invitationsInOutbox(store(), userId())).filter((i) => i.eventId === booking.eventId);
    if (booking.status === 'cancelled') {
      expect(event?.status).toBe('cancelled');
      expect(claims.filter((c) => c.proposalId === proposal.id)).toEqual([]);
      expect(invitations.filter((i) => i.method === 'CANCEL')).toHaveLength(1);
    } else {
      expect(event).toMatchObject({ status: 'confirmed', start: booking.start });
      expect(claims.filter((c) => c.proposalId === proposal.id).map((c) => c.start)).toEqual([booking.start]);
      expect(invitations.filter((i) => i.method === 'CANCEL')).toEqual([]);
    }
  });
});
