import { createHash, randomUUID } from 'node:crypto';
import { eventIdFor, holdIdFor, type Booking, type Proposal } from '../../../lib/core/domain/proposal.js';

/** A proposal for `contactEmail` with two offered slots; each test overrides what it depends on. */
export function aProposal(overrides: Partial<Proposal> & Pick<Proposal, 'id' | 'contactEmail'>): Proposal {
  const slots = [
    { start: '2027-03-09T08:30:00.000Z', end: '2027-03-09T09:00:00.000Z' },
    { start: '2027-03-11T08:30:00.000Z', end: '2027-03-11T09:00:00.000Z' },
  ];
  return {
    calendarId: 'rapport',
    createdAt: '2027-03-01T08:00:00.000Z',
    expiresAt: '2027-03-08T08:00:00.000Z',
    status: 'open',
    slots: slots.map((slot) => ({ ...slot, holdId: holdIdFor(overrides.id, slot.start) })),
    tokenHash: createHash('sha256').update(`token-${randomUUID()}`).digest('hex'),
    ...overrides,
  };
}

/** The guest's booking of one of the proposal's slots (the first by default). */
export function aBooking(proposal: Proposal, slotIndex = 0): Booking {
  const slot = proposal.slots[slotIndex]!;
  return {
    start: slot.start,
    end: slot.end,
    eventId: eventIdFor(proposal.id, slot.start, 'fixture'),
    guestEmail: proposal.contactEmail,
    bookedAt: '2027-03-02T10:00:00.000Z',
    status: 'confirmed',
  };
}
