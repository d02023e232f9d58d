/** Someone on an event Rapport writes: the organizer (the user) or the guest. */
export interface Participant {
  email: string;
  name?: string;
}

/**
 * An event Rapport writes itself: a tentative hold for an offered slot, or the booked coffee.
 * Rapport's own calendar (for users whose calendars are read-only ICS feeds) stores these, the
 * ICS writer serializes them, and the provider ports take parts of them (HoldRequest,
 * InvitationRequest in ports/calendar.ts).
 */
export interface OwnCalendarEvent {
  id: string;
  kind: 'hold' | 'coffee';
  proposalId: string;
  start: string;
  end: string;
  title: string;
  /** The user's private note (holds only); never part of the guest's invitation. */
  description?: string;
  location?: string;
  status: 'tentative' | 'confirmed' | 'cancelled';
  organizer: Participant;
  attendees: Participant[];
  /** RFC 5545 SEQUENCE: bumped on every change a guest should see. */
  sequence: number;
  updatedAt: string;
}

/** What free/busy needs of an event on Rapport's own calendar: when, and whose hold it is. */
export type OwnCalendarBusy = Pick<OwnCalendarEvent, 'kind' | 'proposalId' | 'start' | 'end' | 'status'>;
