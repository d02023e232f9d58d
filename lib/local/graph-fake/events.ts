import { createHash, randomBytes } from 'node:crypto';
import type { Mailbox, Mailboxes } from './mailboxes.js';
import { bodyOf, graphError, inZone, jsonReply, toUtc, type GraphCall, type GraphEvent, type Reply } from './wire.js';

/**
 * /me and /me/events: the profile, creating events (idempotent by `transactionId`, as Graph
 * promises), finding Rapport's events by their extended property, and reading, patching and
 * deleting one event (404 ErrorItemNotFound when it is not there).
 */

const notFound = () => jsonReply(404, graphError('ErrorItemNotFound', 'The specified object was not found in the store.'));

/** The answer for the profile and event routes, or undefined for a path they do not own. */
export function eventRoute(mailboxes: Mailboxes, base: () => string, call: GraphCall): Reply | undefined {
  const { box, method, path, zone } = call;
  if (method === 'GET' && path === '/me') {
    return jsonReply(200, { '@odata.context': `${base()}/v1.0/$metadata#users/$entity`, id: box.id, displayName: box.name, mail: box.email, userPrincipalName: box.email });
  }
  if (method === 'POST' && path === '/me/events') return create(mailboxes, call);
  if (method === 'GET' && path === '/me/events') return findByProperty(base, call);
  const eventPath = /^\/me\/events\/([^/]+)$/.exec(path);
  if (!eventPath) return undefined;
  const id = decodeURIComponent(eventPath[1]!);
  const existing = box.events.get(id);
  if (!existing) return notFound();
  if (method === 'GET') return jsonReply(200, inZone(existing.event, zone));
  if (method === 'DELETE') {
    mailboxes.deleteEvent(box.email, id);
    return jsonReply(204, undefined);
  }
  if (method === 'PATCH') {
    const patch = bodyOf(call) as Partial<GraphEvent>;
    const event = { ...existing.event, ...patch, id, iCalUId: existing.event.iCalUId } as GraphEvent;
    if (patch.start) event.start = toUtc(patch.start);
    if (patch.end) event.end = toUtc(patch.end);
    mailboxes.putEvent(box.email, event);
    return jsonReply(200, inZone(event, zone));
  }
  return undefined;
}

function create(mailboxes: Mailboxes, call: GraphCall): Reply {
  const { box, zone } = call;
  const input = bodyOf(call) as Partial<GraphEvent>;
  if (input.transactionId) {
    const existing = [...box.events.values()].find((e) => e.event.transactionId === input.transactionId);
    if (existing) return jsonReply(201, inZone(existing.event, zone));
  }
  if (!input.start || !input.end) return jsonReply(400, graphError('ErrorInvalidRequest', 'start and end are required'));
  const event: GraphEvent = {
    showAs: 'busy',
    type: 'singleInstance',
    isAllDay: false,
    isCancelled: false,
    responseStatus: { response: 'organizer', time: '0001-01-01T00:00:00Z' },
    organizer: { emailAddress: { address: box.email, name: box.name } },
    attendees: [],
    ...input,
    id: `AAMkAD${randomBytes(24).toString('base64url')}`,
    iCalUId: `040000008200E00074C5B7101A82E008${randomBytes(24).toString('hex').toUpperCase()}`,
    start: toUtc(input.start),
    end: toUtc(input.end),
  };
  Object.assign(event, onlineMeetingFor(box, input, event.id));
  mailboxes.putEvent(box.email, event);
  return jsonReply(201, inZone(event, zone));
}

/**
 * An event created with `isOnlineMeeting` gets a meeting from the provider it names, if the
 * mailbox's calendar allows that provider; otherwise Graph creates the event without one
 * (isOnlineMeeting false), which is what a caller must be ready for.
 */
function onlineMeetingFor(box: Mailbox, input: Partial<GraphEvent>, eventId: string): Partial<GraphEvent> {
  const provider = typeof input.onlineMeetingProvider === 'string' ? input.onlineMeetingProvider : 'teamsForBusiness';
  if (input.isOnlineMeeting !== true || !box.onlineMeetingProviders.includes(provider)) return { isOnlineMeeting: false, onlineMeeting: null };
  const thread = createHash('sha256').update(eventId).digest('hex').slice(0, 32);
  const context = encodeURIComponent(JSON.stringify({ Tid: box.id, Oid: box.id }));
  return {
    isOnlineMeeting: true,
    onlineMeetingProvider: provider,
    onlineMeeting: { joinUrl: `https://teams.microsoft.com/l/meetup-join/19%3ameeting_${thread}%40thread.v2/0?context=${context}` },
    // Outlook names the place after the meeting when the event has none of its own.
    ...(input.location ? {} : { location: { displayName: 'Microsoft Teams Meeting', locationType: 'default' } }),
  };
}

/** The one `$filter` Rapport uses: its own id in a single-value extended property. */
function findByProperty(base: () => string, call: GraphCall): Reply {
  const { box, zone } = call;
  const filter = call.url.searchParams.get('$filter') ?? '';
  const match = /^singleValueExtendedProperties\/Any\(ep: ep\/id eq '([^']+)' and ep\/value eq '([^']*)'\)$/.exec(filter);
  if (!match) return jsonReply(400, graphError('ErrorInvalidUrlQueryFilter', `Unsupported filter ${filter}`));
  const found = [...box.events.values()]
    .map((e) => e.event)
    .filter((e) => (e.singleValueExtendedProperties ?? []).some((p) => p.id.toLowerCase() === match[1]!.toLowerCase() && p.value === match[2]));
  return jsonReply(200, { '@odata.context': `${base()}/v1.0/$metadata#users('${box.email}')/events`, value: found.map((e) => inZone(e, zone)) });
}
