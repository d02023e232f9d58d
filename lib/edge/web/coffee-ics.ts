import { serializeCalendar } from '../../adapters/calendars/ics/write.js';
import { locationTextOf, type MeetingPlace } from '../../core/domain/meeting-place.js';
import { hostNameOf } from '../../core/domain/settings.js';
import type { ManagedBooking } from '../../services/manage-booking.js';

/**
 * The guest's "Add to calendar" file: one VEVENT, METHOD:PUBLISH, built from the booking
 * alone, so nothing the host wrote for themselves (a hold's note with the booking link) can
 * reach it. Same UID as the invitation, so a calendar that has both keeps one event.
 */

export interface IcsRevision {
  /** The event's SEQUENCE on the host's calendar: a client keeps the highest revision it saw. */
  sequence: number;
  /** DTSTAMP: when this copy was made. */
  now: string;
}

export function coffeeIcs(managed: ManagedBooking, place: MeetingPlace, revision: IcsRevision): string {
  const { booking } = managed.proposal;
  const host = managed.settings.ownerEmails[0]!;
  const hostName = managed.settings.displayName;
  const guest = { email: booking.guestEmail, ...(booking.guestName ? { name: booking.guestName } : {}) };
  const location = locationTextOf(place);
  return serializeCalendar({
    method: 'PUBLISH',
    events: [
      {
        id: booking.eventId,
        kind: 'coffee',
        proposalId: managed.proposal.id,
        start: booking.start,
        end: booking.end,
        title: `Coffee with ${hostNameOf(managed.settings)}`,
        ...(location ? { location } : {}),
        status: 'confirmed',
        organizer: { email: host, ...(hostName ? { name: hostName } : {}) },
        attendees: [{ email: host, ...(hostName ? { name: hostName } : {}) }, guest],
        sequence: revision.sequence,
        updatedAt: revision.now,
      },
    ],
  });
}
