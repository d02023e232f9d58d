import type { Runtime } from '../../runtime/runtime.js';
import { keepPushFresh } from '../../services/push-upkeep.js';
import { mailDepsOf } from '../../services/deps.js';
import { sendScheduledMail } from '../../services/scheduled-mail.js';
import { sweep } from '../../services/sweep.js';
import type { SyncReport } from '../../services/sync.js';
import { countMetric } from './metrics.js';

/**
 * One user's sweep: bookings a crash left half-done are finished; calendars kept current by push
 * are read every six hours, not every 15 minutes; then the push channels and subscriptions are
 * kept fresh, and the digest or follow-up email goes out in its hour. Leaves a log line and a metric.
 */
export async function sweepUser(runtime: Runtime, userId: string): Promise<SyncReport> {
  // One read of the settings serves the sync and the scheduled mail (the sweep's most frequent read).
  // A replica's copy (half the read units): a settings change a second old reaches the next round.
  const settings = (await runtime.store.profiles.get(userId, { eventual: true })) ?? undefined;
  const report = await sweep(runtime, userId, runtime.now(), settings);
  await keepPushFresh(runtime, userId);
  // The digest and the follow-up email ride on the sweep: it visits every user every 15 minutes,
  // so their local hour is caught in any zone without an index or queue of their own.
  const mail = await sendScheduledMail(mailDepsOf(runtime), userId, runtime.now(), settings);
  // Most sweeps find nothing: they log at debug, so a quiet round costs no log bytes (bench: cost model).
  const news = report.meetingsRecorded + report.meetingsRetracted + report.contactsChanged > 0 || Object.keys(mail).length > 0 || report.connections.some((c) => c.status !== 'ok' || c.eventsWritten + c.eventsRemoved > 0);
  runtime.logger[news ? 'info' : 'debug']('sweep done', { userId, ...report, connections: report.connections.length, ...mail });
  // Only a sweep that recorded something adds a data point: the sum is the same, and the 95
  // quiet sweeps of a user's day add nothing to an invocation's metrics line.
  if (report.meetingsRecorded > 0) countMetric('MeetingsRecorded', report.meetingsRecorded);
  return report;
}
