import type { BusyInterval, TimeWindow } from './busy-time.js';

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

/**
 * The busy time of Rapport's own calendar, clipped to the window (what its source's readBusy
 * answers, and what a booking page computes from the same items read beside the claims). Not merged: each interval keeps the proposal of its hold,
 * so a booking can ignore its own proposal's holds while every other hold still blocks.
 */
export function ownCalendarBusy(events: readonly OwnCalendarBusy[], window: TimeWindow): BusyInterval[] {
  const fromMs = Date.parse(window.from);
  const toMs = Date.parse(window.to);
  return events
    .filter((event) => event.status !== 'cancelled' && Date.parse(event.start) < toMs && fromMs < Date.parse(event.end))
    .map((event) => ({
      start: new Date(Math.max(Date.parse(event.start), fromMs)).toISOString(),
      end: new Date(Math.min(Date.parse(event.end), toMs)).toISOString(),
      ...(event.kind === 'hold' ? { proposalId: event.proposalId } : {}),
    }))
    .sort((a, b) => a.start.localeCompare(b.start));
}
