import { describe, expect, it } from 'vitest';
import { bookingTokenFor, hashToken, legacyBookingTokenFor } from '../../../lib/services/booking-links.js';
import { holdIdFor, type Proposal } from '../../../lib/core/domain/proposal.js';
import { postJson, NOW, useBookingWorld } from './booking-scenario.js';

/**
 * Guests racing for one time, against the running local server and DynamoDB Local: however
 * the requests interleave, exactly one coffee ends up on the calendar and every loser is told
 * why in a sentence.
 */

const { world, store, userId } = useBookingWorld();
const DAY_MS = 86_400_000;

interface Answer {
  status: number;
  body: { error?: string; event?: { id: string; start: string } };
}

async function answer(response: Promise<Response>): Promise<Answer> {
  const r = await response;
  return { status: r.status, body: (await r.json()) as Answer['body'] };
}

const LOSER_MESSAGES = [
  'This link has already been used to book a coffee. Use the links in your confirmation to change it.',
  'Sorry, that time was just taken. Please pick another one.',
  'Many people are booking right now. Please try again in a moment.',
];

function expectOneWinner(answers: Answer[]): Answer {
  const winners = answers.filter((a) => a.status === 201);
  expect(winners).toHaveLength(1);
  for (const loser of answers.filter((a) => a.status !== 201)) {
    expect([409, 410]).toContain(loser.status);
    expect(LOSER_MESSAGES).toContain(loser.body.error);
  }
  return winners[0]!;
}

describe('a race for one time', () => {
  it('50 submits of the same link book once: one 201, the rest 409/410, one coffee, no hold left', async () => {
    const coffee = await world.propose('race@example.com', 'Racer');
    const start = coffee.slots[0]!.start;
    const answers = await Promise.all(Array.from({ length: 50 }, () => answer(postJson(coffee.link, { start }))));

    const winner = expectOneWinner(answers);
    expect(winner.body.event?.start).toBe(start);
    const events = (await store().localCalendar.list(userId())).filter((e) => e.proposalId === coffee.proposalId);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ kind: 'coffee', status: 'confirmed', start, id: winner.body.event?.id });
    expect((await store().proposals.get(userId(), coffee.proposalId))?.status).toBe('booked');
  }, 120_000);

  /**
   * Proposals never offer a time another live proposal holds, so overlapping ones are made
   * by hand: without holds (another proposal's hold would block the time for all of them),
   * leaving the booking claim as the only thing between five guests and a double booking.
   */
  it('50 submits through five different links offering the same instant book it once', async () => {
    const start = '2026-11-26T19:00:00.000Z';
    const end = '2026-11-26T19:30:00.000Z';
    const key = world.app.runtime.config.signingKey!;
    const links: string[] = [];
    for (let i = 0; i < 5; i++) {
      const id = `overlap${i}`;
      // Links of both forms race: signed ones (read straight away) and earlier releases' (found by their hash).
      const token = i % 2 === 0 ? bookingTokenFor(key, { userId: userId(), proposalId: id }) : legacyBookingTokenFor(key, id);
      const proposal: Proposal = {
        id,
        contactEmail: `guest${i}@example.com`,
        calendarId: 'rapport',
        createdAt: NOW,
        expiresAt: new Date(Date.parse(NOW) + 7 * DAY_MS).toISOString(),
        status: 'pending',
        slots: [{ start, end, holdId: holdIdFor(id, start) }],
        tokenHash: hashToken(token),
      };
      await store().proposals.create(userId(), proposal);
      await store().proposals.save(userId(), { ...proposal, status: 'open' }, ['pending']);
      links.push(`${world.app.url}/book/${token}`);
    }

    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => answer(postJson(links[i % 5]!, { start, email: `guest${i % 5}@example.com` }))));

    expectOneWinner(answers);
    const atThatTime = (await store().localCalendar.list(userId())).filter((e) => e.start === start && e.status !== 'cancelled');
    expect(atThatTime).toHaveLength(1);
    expect(atThatTime[0]?.kind).toBe('coffee');
    const proposals = await Promise.all(links.map((_, i) => store().proposals.get(userId(), `overlap${i}`)));
    expect(proposals.filter((p) => p?.status === 'booked')).toHaveLength(1);
    expect(proposals.filter((p) => p?.status === 'open')).toHaveLength(4);
  }, 120_000);
});
