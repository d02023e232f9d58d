import middy from '@middy/core';
import { getRuntime } from '../lib/runtime.js';
import { syncUser } from '../lib/services/sync.js';

/**
 * The 15-minute sweep: syncs every calendar of a user. Invoked by the schedule (locally by the
 * runtime's timer) with `{ userId }`; without one it syncs the local user.
 */
export interface SweepEvent {
  userId?: string;
}

export const handler = middy(async (event: SweepEvent = {}) => {
  const runtime = getRuntime();
  const userId = event.userId ?? runtime.config.localUserId;
  const report = await syncUser(runtime, userId, runtime.now());
  const { microsoft, signingKey, baseUrl } = runtime.config;
  if (microsoft && signingKey) {
    // Graph subscriptions last about 3 days: the sweep renews them well before.
    const { keepSubscriptionsFresh } = await import('../lib/services/microsoft-push.js');
    await keepSubscriptionsFresh({ ...runtime, config: microsoft, secrets: runtime.secrets(), signingKey, baseUrl, now: () => runtime.now() }, userId);
  }
  // Google push channels expire after about a week: renew those ending within a day.
  if (runtime.config.google) {
    const { googlePushDepsOf, renewGoogleChannels } = await import('../lib/services/google-push.js');
    const push = googlePushDepsOf(runtime);
    if (push) await renewGoogleChannels(push, userId, runtime.now());
  }
  runtime.logger.info('sweep done', { userId, ...report, connections: report.connections.length });
  return report;
});
