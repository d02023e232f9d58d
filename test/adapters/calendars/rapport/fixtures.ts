import type { HoldRequest, InvitationRequest } from '../../../../lib/core/ports/calendar.js';

export const OWNER = { email: 'me@example.com' };
export const GUEST = { email: 'ana@example.com', name: 'Ana' };
export const CLOCK = () => '2027-03-02T10:00:00.000Z';
export const WINDOW = { from: '2027-03-01T00:00:00.000Z', to: '2027-04-01T00:00:00.000Z' };

export function aHoldRequest(overrides: Partial<HoldRequest> = {}): HoldRequest {
  return {
    id: 'hold1',
    proposalId: 'p1',
    start: '2027-03-09T08:30:00.000Z',
    end: '2027-03-09T09:00:00.000Z',
    title: 'Coffee with Ana? (suggested by Rapport)',
    description: 'Rapport offered this time to Ana. Booking link to send: https://rapport.example/book/SECRET',
    location: 'Café Central',
    ...overrides,
  };
}

export function anInvitation(overrides: Partial<InvitationRequest> = {}): InvitationRequest {
  return {
    id: 'coffee1',
    proposalId: 'p1',
    start: '2027-03-11T08:30:00.000Z',
    end: '2027-03-11T09:00:00.000Z',
    title: 'Coffee: Ana and me',
    location: 'Café Central',
    organizer: OWNER,
    guest: GUEST,
    ...overrides,
  };
}
