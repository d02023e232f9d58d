import type { CalendarWriter, CreatedEvent, HoldRequest, InvitationRequest, RemovalOutcome } from '../../../core/ports/calendar.js';
import type { GoogleCalendarClient } from './client.js';
import { GoogleRequestFailed } from './errors.js';
import { meetRequestFor, meetLinkOf } from './meet.js';
import { RAPPORT_KIND_PROPERTY, RAPPORT_PROPOSAL_PROPERTY } from './mapping.js';

/**
 * Holds and invitations on the user's Google calendar. Ids are ours (base32hex, from the
 * proposal and slot), so `events.insert` is idempotent: a second insert of the same id
 * answers 409, which means the first one landed (CALENDAR-FACTS.md, "Client-chosen ids").
 * That also makes inserts safe to retry.
 */

export interface GoogleWriterOptions {
  client: GoogleCalendarClient;
  /** The calendar holds and coffees go to (`primary`). */
  calendarId: string;
}

const isStatus = (error: unknown, ...statuses: number[]) => error instanceof GoogleRequestFailed && error.status !== undefined && statuses.includes(error.status);

export function createGoogleWriter(options: GoogleWriterOptions): CalendarWriter {
  const { client, calendarId } = options;

  /** Inserts the event; its answer, or null when it was there already (409). */
  const insert = async (operation: string, requestBody: object, sendUpdates: 'all' | 'none', conferenceDataVersion?: 1) => {
    try {
      const { data } = await client.call(
        operation,
        () => client.api.events.insert({ calendarId, sendUpdates, requestBody, ...(conferenceDataVersion ? { conferenceDataVersion } : {}) }),
        { idempotent: true },
      );
      return data;
    } catch (error) {
      if (isStatus(error, 409)) return null; // already there: an earlier attempt (or a retry that looked lost) made it
      throw error;
    }
  };

  /** The Meet link of an event already on the calendar (a retried create finds it there). */
  const readMeetLink = async (eventId: string): Promise<string | undefined> => {
    const { data } = await client.call('read coffee', () => client.api.events.get({ calendarId, eventId }), { idempotent: true });
    return meetLinkOf(data);
  };

  const remove = async (operation: string, eventId: string, sendUpdates: 'all' | 'none'): Promise<RemovalOutcome> => {
    try {
      await client.call(operation, () => client.api.events.delete({ calendarId, eventId, sendUpdates }), { idempotent: true });
      return 'removed';
    } catch (error) {
      // 404: never written or purged; 410: already deleted. Both are the outcome we wanted.
      if (isStatus(error, 404, 410)) return 'already-gone';
      throw error;
    }
  };

  return {
    async putHold(hold: HoldRequest) {
      await insert(
        'insert hold',
        {
          id: hold.id,
          summary: hold.title,
          ...(hold.description ? { description: hold.description } : {}),
          ...(hold.location ? { location: hold.location } : {}),
          start: { dateTime: hold.start },
          end: { dateTime: hold.end },
          status: 'tentative',
          // A hold is a suggestion: it shows, but does not make the user look busy to others.
          transparency: 'transparent',
          reminders: { useDefault: false },
          extendedProperties: { private: { [RAPPORT_KIND_PROPERTY]: 'hold', [RAPPORT_PROPOSAL_PROPERTY]: hold.proposalId } },
        },
        'none',
      );
    },

    removeHold: (holdId) => remove('delete hold', holdId, 'none'),

    async createEvent(invitation: InvitationRequest): Promise<CreatedEvent> {
      const meet = invitation.videoMeeting === 'google-meet';
      const created = await insert(
        'insert coffee',
        {
          id: invitation.id,
          summary: invitation.title,
          ...(invitation.description ? { description: invitation.description } : {}),
          ...(invitation.location ? { location: invitation.location } : {}),
          start: { dateTime: invitation.start },
          end: { dateTime: invitation.end },
          status: 'confirmed',
          attendees: [
            { email: invitation.organizer.email, ...(invitation.organizer.name ? { displayName: invitation.organizer.name } : {}), responseStatus: 'accepted', organizer: true },
            { email: invitation.guest.email, ...(invitation.guest.name ? { displayName: invitation.guest.name } : {}) },
          ],
          ...(meet ? { conferenceData: meetRequestFor(invitation.id) } : {}),
          extendedProperties: { private: { [RAPPORT_KIND_PROPERTY]: 'coffee', [RAPPORT_PROPOSAL_PROPERTY]: invitation.proposalId } },
        },
        // Google sends the guest the invitation (and later updates) itself.
        'all',
        // Without version 1 Google ignores conferenceData in the body (events.insert reference).
        meet ? 1 : undefined,
      );
      if (!meet) return {};
      // A retry finds the event made by an earlier attempt: its link is read back, never made twice.
      const meetingUrl = created ? meetLinkOf(created) : await readMeetLink(invitation.id);
      return meetingUrl ? { meetingUrl } : {};
    },

    meetingLinkOf: readMeetLink,

    async moveEvent(eventId, start, end) {
      await client.call(
        'move coffee',
        () => client.api.events.patch({ calendarId, eventId, sendUpdates: 'all', requestBody: { start: { dateTime: start }, end: { dateTime: end } } }),
        { idempotent: true },
      );
    },

    cancelEvent: (eventId) => remove('cancel coffee', eventId, 'all'),
  };
}
