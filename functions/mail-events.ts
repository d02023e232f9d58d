import middy from '@middy/core';
import { handleMailEvents } from '../lib/edge/cloud/mail-events-job.js';
import { workerMiddleware } from '../lib/edge/cloud/worker-middleware.js';

/** SES bounce and complaint events (SNS): the addresses go on the sending user's suppression list. */
export const handler = middy(handleMailEvents).use(workerMiddleware());
