import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { workerMiddleware } from '../lib/edge/cloud/worker-middleware.js';
import { countMetric } from '../lib/edge/cloud/metrics.js';
import { parseWorkMessage } from '../lib/adapters/queue/messages.js';
import { processRecords } from '../lib/adapters/queue/sqs-batch.js';
import { getRuntime, type Runtime } from '../lib/runtime/runtime.js';
import type { Connection } from '../lib/core/ports/connections.js';
import { syncUser, type SyncReport } from '../lib/services/sync.js';

/**
 * The 15-minute sweep of one user's calendars. In the cloud it consumes the sweep queue (one
 * message per user, partial batch failures reported); invoked directly with `{ userId }` it
 * sweeps that user (without one, the local user).
 */
export interface SweepEvent {
  userId?: string;
}

async function sweep(runtime: Runtime, userId: string): Promise<SyncReport> {
  // A sweep: calendars kept current by push are read hourly, not every 15 minutes.
  const report = await syncUser(runtime, userId, runtime.now(), { sweep: true });
  // Push upkeep: Graph subscriptions last about 3 days and Google channels about a week; the
  // sweep renews them well before. One listing of the connections serves both providers.
  const upkeep: ((connections: Connection[]) => Promise<unknown>)[] = [];
  if (runtime.config.microsoft) {
    const microsoft = await import('../lib/services/microsoft-push.js');
    const deps = microsoft.microsoftPushDepsOf(runtime);
    if (deps) upkeep.push((connections) => microsoft.keepSubscriptionsFresh(deps, userId, connections));
  }
  if (runtime.config.google) {
    const google = await import('../lib/services/google-push.js');
    const deps = google.googlePushDepsOf(runtime);
    if (deps) upkeep.push((connections) => google.renewGoogleChannels(deps, userId, runtime.now(), connections));
  }
  if (upkeep.length > 0) {
    const connections = await runtime.store.connections.list(userId);
    for (const renew of upkeep) await renew(connections);
  }
  runtime.logger.info('sweep done', { userId, ...report, connections: report.connections.length });
  countMetric('MeetingsRecorded', report.meetingsRecorded);
  return report;
}

export const handler = middy(async (event: SweepEvent | SQSEvent = {}): Promise<SyncReport | SQSBatchResponse> => {
  const runtime = getRuntime();
  if ('Records' in event) {
    return processRecords(event, runtime.logger, async (record) => {
      const message = parseWorkMessage(record.body, 'sweep');
      await sweep(runtime, message.userId);
    });
  }
  return sweep(runtime, event.userId ?? runtime.config.localUserId);
}).use(workerMiddleware());
