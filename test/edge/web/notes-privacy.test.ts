import { describe, expect, it } from 'vitest';
import { invitationsInOutbox } from '../../support/outbox.js';
import { openGuestPage, postJson, useBookingWorld } from './booking-scenario.js';

/**
 * Notes are the user's private memory: they go on the hold on the user's own calendar, to read
 * before the coffee, and nowhere a guest can see: not the booking page, not the manage page,
 * not the guest's .ics, not the invitation Rapport's calendar sends.
 */

const { world } = useBookingWorld();

const SECRET = 'Lisbon-move-hiring-data-lead-7731';
const OLDER = 'Prefers-oat-milk-4410';

describe('notes on a proposal', () => {
  it('the latest notes are on the hold’s description, and never on the guest’s pages, .ics or invitation', async () => {
    const { store } = world.app.runtime;
    const userId = world.app.userId;
    await store.notes.putMany(userId, [
      { id: 'n-old', contactEmail: 'omar@example.com', text: OLDER, createdAt: '2026-10-01T09:00:00.000Z' },
      { id: 'n-new', contactEmail: 'omar@example.com', text: `${SECRET}\nasks about <hiring>`, createdAt: '2026-11-20T09:00:00.000Z' },
    ]);
    const coffee = await world.propose('omar@example.com', 'Omar');

    const holds = (await store.localCalendar.list(userId)).filter((e) => e.proposalId === coffee.proposalId && e.kind === 'hold');
    expect(holds).toHaveLength(3);
    for (const hold of holds) {
      expect(hold.description).toContain('Your notes about Omar (private, only on your calendar):');
      // Newest first, each on one line.
      expect(hold.description).toContain(`- ${SECRET} asks about <hiring>\n- ${OLDER}`);
    }

    const bookingPage = await openGuestPage(coffee.link);
    expect(bookingPage.status).toBe(200);

    const booked = await postJson(coffee.link, { start: coffee.slots[0]!.start, name: 'Omar', email: 'omar@example.com' });
    expect(booked.status).toBe(201);
    const { manageUrl } = (await booked.json()) as { manageUrl: string };
    const managePath = `${world.app.url}${new URL(manageUrl).pathname}`;
    const managePage = await (await fetch(managePath)).text();
    expect(managePage).toContain('Omar');
    const guestIcs = await (await fetch(`${managePath}/coffee.ics`)).text();
    expect(guestIcs).toContain('BEGIN:VEVENT');

    const invitations = await invitationsInOutbox(store, userId);
    const mine = invitations.filter((i) => i.method === 'REQUEST');
    expect(mine.length).toBeGreaterThan(0);
    // The whole message the guest gets: the calendar part and both bodies.
    const invitationTexts = mine.flatMap((i) => [i.ics, i.record.message.text, i.record.message.html, i.record.message.subject]);
    expect(invitationTexts.some((t) => t.includes('mailto:omar@example.com'))).toBe(true);

    // (Marker strings, not words: the guest's zone picker lists Europe/Lisbon.)
    for (const text of [bookingPage.html, managePage, guestIcs, ...invitationTexts]) {
      expect(text).not.toContain('Lisbon-move');
      expect(text).not.toContain('oat-milk');
      expect(text).not.toContain('hiring');
      expect(text).not.toContain('notes about');
    }
  });
});
