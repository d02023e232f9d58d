import type { WorkMessageOf } from '../../adapters/queue/messages.js';
import type { Runtime } from '../../runtime/runtime.js';
import { microsoftPushDepsOf, runPushWork } from '../../services/microsoft-push.js';

/**
 * The work after a Graph notification, in the cloud: the webhook answered 202 within Graph's
 * 3 seconds and queued one message per connection; this renews or recreates the subscription
 * when a lifecycle event asks for it and syncs that connection.
 */
export async function runPushMessage(runtime: Runtime, message: WorkMessageOf<'microsoft-push'>): Promise<void> {
  const deps = microsoftPushDepsOf(runtime);
  if (!deps) throw new Error('Outlook, the signing key or token sealing is not configured on this Rapport');
  await runPushWork(deps, { route: message.route, lifecycle: message.lifecycle });
}
