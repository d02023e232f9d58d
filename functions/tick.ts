import middy from '@middy/core';
import { runTick } from '../lib/edge/cloud/tick.js';
import { workerMiddleware } from '../lib/edge/cloud/worker-middleware.js';

/** The cloud's clock (EventBridge Scheduler): one queue message per user whose sweep or proposal run it is. */
export const handler = middy(runTick).use(workerMiddleware());
