import type { Runtime } from '../../runtime/runtime.js';
import { keepPushFresh } from '../../services/push-upkeep.js';
import { mailDepsOf } from '../../services/deps.js';
import { sendScheduledMail } from '../../services/scheduled-mail.js';
import { sweep } from '../../services/sweep.js';
import type { SyncReport } from '../../services/sync.js';
import { countMetric } from './metrics.js';

/**
 * One user's sweep: bookings a crash left half-done are finished; calendars kept current by push
 * are read hourly, not every 15 minutes; then
 * the push channels and subscriptions are kept fresh. Leaves a log line and a metric.
 */
export async function sweepUser(runtime: Runtime, userId: string): Promise<SyncReport> {
  const report = await sweep(runtime, userId, runtime.now());
  await keepPushFresh(runtime, userId);
  // The digest and the follow-up email ride on the sweep: it visits every user every 15 minutes,
  // so their local hour is caught in any zone without an index or queue of their own.
  const mail = await sendScheduledMail(mailDepsOf(runtime), userId, runtime.now());
  runtime.logger.info('sweep done', { userId, ...report, connections: report.connections.length, ...mail });
  countMetric('MeetingsRecorded', report.meetingsRecorded);
  return report;
}
