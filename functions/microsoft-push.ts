import middy from '@middy/core';
import { runPushMessage } from '../lib/edge/cloud/push-job.js';
import { queueWorker, workerMiddleware } from '../lib/edge/cloud/worker-middleware.js';

/** The push queue's worker: Graph's notifications, worked after the webhook's 202 (lib/edge/cloud/push-job.ts). */
export const handler = middy(queueWorker('microsoft-push', runPushMessage)).use(workerMiddleware());
