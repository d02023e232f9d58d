import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { workerMiddleware } from '../lib/edge/cloud/worker-middleware.js';
import { countMetric } from '../lib/edge/cloud/metrics.js';
import { parseWorkMessage } from '../lib/adapters/queue/messages.js';
import { processRecords } from '../lib/adapters/queue/sqs-batch.js';
import { getRuntime, type Runtime } from '../lib/runtime/runtime.js';
import { bookingDepsOf } from '../lib/services/deps.js';
import { proposeForUser, type ProposeReport } from '../lib/services/propose.js';

/**
 * The morning proposal run of one user. In the cloud it consumes the proposal queue (the
 * hourly tick's one message per user whose proposal hour it is) and then re-places the user
 * for the next morning (DST moves that hour); invoked directly with `{ userId }` it runs for
 * that user (without one, the local user).
 */
export interface ProposeEvent {
  userId?: string;
}

async function propose(runtime: Runtime, userId: string): Promise<ProposeReport> {
  const report = await proposeForUser(bookingDepsOf(runtime), userId, runtime.now());
  runtime.logger.info('proposals done', { userId, created: report.created.length, expired: report.expired.length, resumed: report.resumed.length });
  countMetric('ProposalsCreated', report.created.length);
  return report;
}

export const handler = middy(async (event: ProposeEvent | SQSEvent = {}): Promise<ProposeReport | SQSBatchResponse> => {
  const runtime = getRuntime();
  if ('Records' in event) {
    return processRecords(event, runtime.logger, async (record) => {
      const message = parseWorkMessage(record.body, 'propose');
      const settings = await runtime.store.profiles.get(message.userId);
      // The user left between the tick and now: nothing to do, nothing to retry.
      if (!settings) return runtime.logger.info('proposal run for a user who is gone', { userId: message.userId });
      await propose(runtime, message.userId);
      await runtime.store.schedule.reschedule(message.userId, settings, message.hour);
    });
  }
  return propose(runtime, event.userId ?? runtime.config.localUserId);
}).use(workerMiddleware());
