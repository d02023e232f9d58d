import { createHash } from 'node:crypto';
import type { Client } from '@microsoft/microsoft-graph-client';
import type { CalendarWriter, CreatedEvent, HoldRequest, RemovalOutcome } from '../../../core/ports/calendar.js';
import { calendarErrorOf, callGraph, isGraphNotFound, MicrosoftEventMissing } from './errors.js';
import { graphTimeOf, PREFER_UTC, RAPPORT_CATEGORY, RAPPORT_ID_PROPERTY, RAPPORT_PROPERTY_ID, teamsLinkOf, TEAMS_MEETING } from './mapping.js';

/**
 * Holds and coffees on the user's primary Outlook calendar. Each is created with a transactionId
 * derived from Rapport's id, so a retried create never makes a second event, and carries
 * Rapport's id in an extended property, by which it is found again to move or remove it.
 */

export interface MicrosoftWriterOptions {
  client: Client;
}

/** Graph keeps transactionIds as opaque strings; ours is a digest of Rapport's deterministic id. */
export function transactionIdOf(id: string): string {
  return `rapport-${createHash('sha256').update(id).digest('hex').slice(0, 40)}`;
}

/** What a hold and a coffee share: Rapport's id, the title, the text and the time. */
function eventBodyOf(request: HoldRequest) {
  return {
    transactionId: transactionIdOf(request.id),
    subject: request.title,
    ...(request.description ? { body: { contentType: 'text', content: request.description } } : {}),
    start: graphTimeOf(request.start),
    end: graphTimeOf(request.end),
    ...(request.location ? { location: { displayName: request.location } } : {}),
  };
}

export function createMicrosoftWriter({ client }: MicrosoftWriterOptions): CalendarWriter {
  /** Graph answers a create with the event; a retry with the same transactionId answers the existing one. */
  const create = async (body: Record<string, unknown>): Promise<{ onlineMeeting?: { joinUrl?: string | null } | null }> =>
    (await callGraph(() => client.api('/me/events').header('Prefer', PREFER_UTC).post(body))) as { onlineMeeting?: { joinUrl?: string | null } | null };

  /** The Graph id of the event Rapport wrote under `id`, or null when there is none. */
  const findByRapportId = async (id: string): Promise<string | null> => {
    const filter = `singleValueExtendedProperties/Any(ep: ep/id eq '${RAPPORT_ID_PROPERTY}' and ep/value eq '${id.replace(/'/g, "''")}')`;
    const found = (await callGraph(() => client.api('/me/events').filter(filter).select('id').get())) as { value: { id: string }[] };
    return found.value[0]?.id ?? null;
  };

  const removeById = async (id: string): Promise<RemovalOutcome> => {
    const graphId = await findByRapportId(id);
    if (!graphId) return 'already-gone';
    try {
      await client.api(`/me/events/${encodeURIComponent(graphId)}`).delete();
      return 'removed';
    } catch (error) {
      // Deleted meanwhile (by the user, or by a retry of this very call): the outcome we wanted.
      if (isGraphNotFound(error)) return 'already-gone';
      throw calendarErrorOf(error);
    }
  };

  return {
    async putHold(hold) {
      await create({
        ...eventBodyOf(hold),
        showAs: 'tentative',
        isReminderOn: false,
        categories: [RAPPORT_CATEGORY],
        singleValueExtendedProperties: [
          { id: RAPPORT_PROPERTY_ID, value: hold.proposalId },
          { id: RAPPORT_ID_PROPERTY, value: hold.id },
        ],
      });
    },

    removeHold: removeById,

    async createEvent(invitation): Promise<CreatedEvent> {
      const teams = invitation.videoMeeting === 'teams';
      const created = await create({
        ...eventBodyOf(invitation),
        ...(teams ? TEAMS_MEETING : {}),
        showAs: 'busy',
        // The guest is invited by Outlook itself: the user is the organizer, the guest required.
        attendees: [{ type: 'required', emailAddress: { address: invitation.guest.email, ...(invitation.guest.name ? { name: invitation.guest.name } : {}) } }],
        singleValueExtendedProperties: [{ id: RAPPORT_ID_PROPERTY, value: invitation.id }],
      });
      const meetingUrl = teams ? teamsLinkOf(created) : undefined;
      return meetingUrl ? { meetingUrl } : {};
    },

    async meetingLinkOf(eventId) {
      const graphId = await findByRapportId(eventId);
      if (!graphId) return undefined;
      return teamsLinkOf(await callGraph(() => client.api(`/me/events/${encodeURIComponent(graphId)}`).select('onlineMeeting').get()));
    },

    async moveEvent(eventId, start, end) {
      const graphId = await findByRapportId(eventId);
      if (!graphId) throw new MicrosoftEventMissing(`The coffee ${eventId} is not on the Outlook calendar any more`);
      await callGraph(() => client.api(`/me/events/${encodeURIComponent(graphId)}`).patch({ start: graphTimeOf(start), end: graphTimeOf(end) }));
    },

    cancelEvent: removeById,
  };
}
