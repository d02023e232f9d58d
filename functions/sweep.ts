import middy from '@middy/core';
import { sweepUser } from '../lib/edge/cloud/sweep-job.js';
import { userWorker, workerMiddleware } from '../lib/edge/cloud/worker-middleware.js';

/**
 * The sweep of one user's calendars, and their push upkeep, when the 15-minute tick finds it due: from the sweep queue, or
 * invoked directly with `{ userId }` (without one, the local user).
 */
export const handler = middy(userWorker('sweep', { direct: sweepUser, queued: (runtime, message) => sweepUser(runtime, message.userId, message.pulled) })).use(workerMiddleware());
