import { renewPushAt } from '../../core/domain/push-renewal.js';
import type { Connection } from '../../core/ports/connections.js';
import type { Runtime } from '../../runtime/runtime.js';
import { keepPushFresh } from '../../services/push-upkeep.js';
import { mailDepsOf } from '../../services/deps.js';
import { sendScheduledMail } from '../../services/scheduled-mail.js';
import { sweepRound } from '../../services/sweep.js';
import { nextSweepAt } from '../../core/domain/sweep-wake.js';
import type { SyncReport } from '../../services/sync.js';
import { countMetric } from './metrics.js';

/**
 * One user's sweep: bookings a crash left half-done are finished; calendars kept current by push
 * are read every twelve hours, not every 15 minutes; then the push channels and subscriptions are
 * kept fresh, and the digest or follow-up email goes out in its hour. Last, the time this user
 * next needs a sweep (core/domain/sweep-wake.ts): the tick passes them over until then. Leaves a
 * log line and a metric.
 *
 * `pulled`: the pull entries the tick found due (adapters/store/wake.ts), removed now that they are served.
 */
export async function sweepUser(runtime: Runtime, userId: string, pulled?: readonly string[]): Promise<SyncReport> {
  // One read of the settings serves the sync and the scheduled mail (the sweep's most frequent read).
  // A replica's copy (half the read units): a settings change a second old reaches the next round.
  // A sweep woken for work just stored reads the latest copies (a replica's might not show it yet).
  const latest = (pulled?.length ?? 0) > 0;
  const settings = (await runtime.store.profiles.get(userId, { eventual: !latest })) ?? undefined;
  const now = runtime.now();
  const { report, workLeft, mailOwedAt } = await sweepRound(runtime, userId, now, { ...(settings && { settings }), latest });
  // The connections as this sweep left them: the push upkeep's and the next sweep time's. A
  // replica's copy will do: one a moment behind shows an older sync time or a marker that ran
  // out, which brings the next sweep sooner, never later (an earlier end stored now has pulled it).
  const fresh = { eventual: true };
  let connections = await runtime.store.connections.list(userId, fresh);
  await keepPushFresh(runtime, userId, connections);
  if (connections.some((c) => renewalWasDue(c, now))) connections = await runtime.store.connections.list(userId, fresh);
  // The digest and the follow-up email ride on the sweep, which wakes for their local hour.
  const mail = await sendScheduledMail(mailDepsOf(runtime), userId, now, settings);
  await runtime.store.wake.settle(userId, nextSweepAt({ now, connections, settings: settings ?? null, workLeft, ...(mailOwedAt && { mailOwedAt }) }), pulled);
  // Most sweeps find nothing: they log at debug, so a quiet round costs no log bytes (bench: cost model).
  const news = report.meetingsRecorded + report.meetingsRetracted + report.contactsChanged > 0 || Object.keys(mail).length > 0 || report.connections.some((c) => c.status !== 'ok' || c.eventsWritten + c.eventsRemoved > 0);
  runtime.logger[news ? 'info' : 'debug']('sweep done', { userId, ...report, connections: report.connections.length, ...mail });
  // Only a sweep that recorded something adds a data point: the sum is the same, and the
  // quiet sweeps of a user's day add nothing to an invocation's metrics line.
  if (report.meetingsRecorded > 0) countMetric('MeetingsRecorded', report.meetingsRecorded);
  return report;
}

/** The upkeep just renewed (or tried to renew) this connection's push: what it left is read again. */
function renewalWasDue(connection: Connection, now: string): boolean {
  const renewal = renewPushAt(connection);
  return renewal !== undefined && renewal <= Date.parse(now);
}
