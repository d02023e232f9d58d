import { createSubscription, ensureSubscription, renewSubscription, type MicrosoftPushDeps } from '../adapters/calendars/microsoft/push.js';
import { CalendarError } from '../core/ports/calendar.js';
import type { Logger } from '../runtime/log.js';
import type { Runtime } from '../runtime/runtime.js';
import type { Connection } from '../core/ports/connections.js';
import type { PushWork } from './microsoft-notifications.js';
import { syncUser, type SyncDeps } from './sync.js';

export type PushRunDeps = MicrosoftPushDeps & SyncDeps & { logger: Logger };

/** Push dependencies from the process's runtime; undefined when Outlook, the signing key or token sealing is not configured. */
export function microsoftPushDepsOf(runtime: Runtime): PushRunDeps | undefined {
  const { microsoft, signingKey, baseUrl, tokenSealing } = runtime.config;
  if (!microsoft || !signingKey || !tokenSealing) return undefined;
  return { ...runtime, config: microsoft, secrets: runtime.secrets(), signingKey, baseUrl, now: () => runtime.now() };
}

/**
 * The work after the answer: lifecycle first (a renewed or recreated subscription keeps the
 * notifications coming), then an incremental sync of the connection. `missed` needs nothing
 * more than that sync: the delta link returns every change since the last one, notified or not.
 */
export async function runPushWork(deps: PushRunDeps, work: PushWork): Promise<void> {
  const { userId, connectionId } = work.route;
  const log = deps.logger.child({ userId, connectionId });
  try {
    const connection = await deps.store.connections.get(userId, connectionId);
    if (!connection) return;
    for (const event of new Set(work.lifecycle)) {
      if (event === 'reauthorizationRequired' && !(await renewSubscription(deps, userId, connection))) await createSubscription(deps, userId, connection);
      if (event === 'subscriptionRemoved') await createSubscription(deps, userId, connection);
    }
    await syncUser(deps, userId, deps.now(), { connectionId });
  } catch (error) {
    if (!(error instanceof CalendarError)) throw error;
    log.warn('push handling failed', { error: error.message });
    // The sweep takes it from here, at the next tick (a calendar without a live subscription is polled).
    await deps.store.wake.pull(userId, deps.now());
  }
}

/** For the sweep: every Outlook connection of the user has a subscription that outlives the next sweeps. */
export async function keepSubscriptionsFresh(deps: MicrosoftPushDeps & { logger: Logger }, userId: string, known?: readonly Connection[]): Promise<void> {
  // `known`: the user's connections when the caller has just listed them (the sweep).
  const connections = known ?? (await deps.store.connections.list(userId));
  for (const connection of connections) {
    if (connection.kind !== 'microsoft' || connection.status === 'needs-reconnect') continue;
    try {
      await ensureSubscription(deps, userId, connection);
    } catch (error) {
      if (!(error instanceof CalendarError)) throw error;
      deps.logger.warn('subscription upkeep failed', { userId, connectionId: connection.id, error: error.message });
    }
  }
}
