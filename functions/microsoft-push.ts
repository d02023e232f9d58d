import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { workerMiddleware } from '../lib/edge/cloud/worker-middleware.js';
import { parseWorkMessage } from '../lib/adapters/queue/messages.js';
import { processRecords } from '../lib/adapters/queue/sqs-batch.js';
import { getRuntime } from '../lib/runtime/runtime.js';
import { microsoftPushDepsOf, runPushWork } from '../lib/services/microsoft-push.js';

/**
 * The work after a Graph notification, in the cloud: the webhook answered 202 within Graph's
 * 3 seconds and queued one message per connection; this worker renews or recreates the
 * subscription when a lifecycle event asks for it and syncs that connection.
 */
export const handler = middy(async (event: SQSEvent): Promise<SQSBatchResponse> => {
  const runtime = getRuntime();
  const deps = microsoftPushDepsOf(runtime);
  return processRecords(event, runtime.logger, async (record) => {
    const message = parseWorkMessage(record.body, 'microsoft-push');
    if (!deps) throw new Error('Outlook, the signing key or token sealing is not configured on this Rapport');
    await runPushWork(deps, { route: message.route, lifecycle: message.lifecycle });
  });
}).use(workerMiddleware());
