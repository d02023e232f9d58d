import type { calendar_v3 } from '@googleapis/calendar';

/**
 * Google Meet links made with a coffee's event (Calendar API v3, events.insert): the body
 * carries `conferenceData.createRequest` with a `requestId` and the solution key
 * `hangoutsMeet`, and the call passes `conferenceDataVersion=1`. Google makes the meeting
 * asynchronously: the answer's `createRequest.status.statusCode` is `pending`, `success` (entry
 * points filled in) or `failure`; the link is the `video` entry point, also in `hangoutLink`.
 */

/**
 * The request id is the event's own id: Google makes one meeting per request id, so a retried
 * insert (or an insert after a lost answer) can never ask for a second meeting.
 */
export function meetRequestFor(eventId: string): calendar_v3.Schema$ConferenceData {
  return { createRequest: { requestId: eventId, conferenceSolutionKey: { type: 'hangoutsMeet' } } };
}

/** The event's Meet link, once Google has made it (undefined while pending or after a failure). */
export function meetLinkOf(event: calendar_v3.Schema$Event): string | undefined {
  const video = event.conferenceData?.entryPoints?.find((entry) => entry.entryPointType === 'video' && entry.uri);
  return video?.uri ?? event.hangoutLink ?? undefined;
}
