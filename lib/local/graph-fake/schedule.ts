import type { Mailboxes } from './mailboxes.js';
import { bodyOf, graphError, inZone, jsonReply, toUtc, type GraphCall, type GraphDateTime, type Reply } from './wire.js';

/**
 * POST /me/calendar/getSchedule with Graph's limits: 1 to 20 schedules, a window shorter than
 * 62 days. Free items, cancelled events and series masters are left out; an unknown address
 * gets a per-schedule error, not a failed request.
 */

const DAY_MS = 86_400_000;

export function getSchedule(mailboxes: Mailboxes, base: () => string, call: GraphCall): Reply {
  const input = bodyOf(call);
  const schedules = (input.schedules ?? []) as string[];
  const start = toUtc(input.startTime as GraphDateTime);
  const end = toUtc(input.endTime as GraphDateTime);
  if (schedules.length === 0 || schedules.length > 20) return jsonReply(400, graphError('ErrorInvalidParameter', 'Between 1 and 20 schedules can be requested.'));
  const from = Date.parse(start.dateTime + 'Z');
  const to = Date.parse(end.dateTime + 'Z');
  if (!(to > from) || to - from >= 62 * DAY_MS) return jsonReply(400, graphError('ErrorInvalidTimeInterval', 'The requested time duration must be less than 62 days.'));
  const value = schedules.map((scheduleId) => {
    const owner = mailboxes.find(scheduleId);
    if (!owner) return { scheduleId, error: { message: 'The user was not found.', responseCode: 'ErrorMailboxNotFound' } };
    const items = [...owner.events.values()]
      .map((e) => e.event)
      .filter((e) => !e.isCancelled && e.showAs !== 'free' && e.type !== 'seriesMaster')
      .filter((e) => Date.parse(e.start.dateTime + 'Z') < to && Date.parse(e.end.dateTime + 'Z') > from)
      .map((e) => ({ isPrivate: false, status: e.showAs ?? 'busy', subject: e.subject, start: inZone(e, call.zone).start, end: inZone(e, call.zone).end }));
    return { scheduleId, availabilityView: '', scheduleItems: items, workingHours: {} };
  });
  return jsonReply(200, { '@odata.context': `${base()}/v1.0/$metadata#Collection(microsoft.graph.scheduleInformation)`, value });
}
