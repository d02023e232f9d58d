import type { Runtime } from '../../runtime/runtime.js';
import { keepPushFresh } from '../../services/push-upkeep.js';
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
  runtime.logger.info('sweep done', { userId, ...report, connections: report.connections.length });
  countMetric('MeetingsRecorded', report.meetingsRecorded);
  return report;
}
