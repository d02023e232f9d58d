import middy from '@middy/core';
import { sweepUser } from '../lib/edge/cloud/sweep-job.js';
import { userWorker, workerMiddleware } from '../lib/edge/cloud/worker-middleware.js';

/**
 * The 15-minute sweep of one user's calendars, and their push upkeep: from the sweep queue, or
 * invoked directly with `{ userId }` (without one, the local user).
 */
export const handler = middy(userWorker('sweep', { direct: sweepUser })).use(workerMiddleware());
