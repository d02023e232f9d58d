import middy from '@middy/core';
import { proposeNow, proposeScheduled } from '../lib/edge/cloud/propose-job.js';
import { userWorker, workerMiddleware } from '../lib/edge/cloud/worker-middleware.js';

/**
 * The morning proposal run of one user: from the proposal queue (the hourly tick's message,
 * after which the user is re-placed for the next morning), or invoked directly with
 * `{ userId }` (without one, the local user).
 */
export const handler = middy(userWorker('propose', { direct: proposeNow, queued: proposeScheduled })).use(workerMiddleware());
