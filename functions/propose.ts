import middy from '@middy/core';
import { getRuntime } from '../lib/runtime.js';
import { bookingDepsOf } from '../lib/services/deps.js';
import { proposeForUser } from '../lib/services/propose.js';

/**
 * The morning proposal run for one user: invoked by the schedule (locally by the runtime's
 * hourly timer, in the user's proposal hour) with `{ userId }`; without one, the local user.
 */
export interface ProposeEvent {
  userId?: string;
}

export const handler = middy(async (event: ProposeEvent = {}) => {
  const runtime = getRuntime();
  const userId = event.userId ?? runtime.config.localUserId;
  const report = await proposeForUser(bookingDepsOf(runtime), userId, runtime.now());
  runtime.logger.info('proposals done', { userId, created: report.created.length, expired: report.expired.length, resumed: report.resumed.length });
  return report;
});
