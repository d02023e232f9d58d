import * as z from 'zod';
import { createSubscription, ensureSubscription, isGenuineClientState, renewSubscription, type MicrosoftPushDeps } from '../calendars/microsoft/push.js';
import { CalendarError } from '../calendars/port.js';
import type { Logger } from '../log.js';
import type { PushRoute } from '../store/model.js';
import { syncUser, type SyncDeps } from './sync.js';

/**
 * What a Graph notification batch asks for: which connections to sync, and which subscriptions
 * to renew or recreate. Checking is fast (one route read per subscription); the work runs
 * after the 202, because Graph wants an answer within 3 seconds.
 */

const NotificationSchema = z.object({
  subscriptionId: z.string().min(1).max(200),
  clientState: z.string().max(300).nullish(),
  lifecycleEvent: z.enum(['reauthorizationRequired', 'subscriptionRemoved', 'missed']).optional(),
  changeType: z.string().optional(),
});
export const NotificationBatchSchema = z.object({ value: z.array(NotificationSchema).min(1).max(1000) });
export type NotificationBatch = z.infer<typeof NotificationBatchSchema>;

export interface PushWork {
  route: PushRoute;
  /** Lifecycle events for this connection, in order; empty for plain change notifications. */
  lifecycle: NonNullable<z.infer<typeof NotificationSchema>['lifecycleEvent']>[];
}

export interface CheckedBatch {
  work: PushWork[];
  /** Notifications whose clientState was wrong: never acted on. */
  forged: number;
  /** Notifications for subscriptions we no longer know (deleted, or never ours). */
  unknown: number;
}

export async function checkNotifications(deps: Pick<MicrosoftPushDeps, 'store' | 'signingKey'>, batch: NotificationBatch): Promise<CheckedBatch> {
  const byConnection = new Map<string, PushWork>();
  let forged = 0;
  let unknown = 0;
  for (const notification of batch.value) {
    const route = await deps.store.pushRoutes.get('microsoft', notification.subscriptionId);
    if (!route) {
      unknown += 1;
      continue;
    }
    if (!isGenuineClientState(deps.signingKey, route.userId, route.connectionId, notification.clientState)) {
      forged += 1;
      continue;
    }
    const key = `${route.userId}/${route.connectionId}`;
    const work = byConnection.get(key) ?? { route, lifecycle: [] };
    if (notification.lifecycleEvent) work.lifecycle.push(notification.lifecycleEvent);
    byConnection.set(key, work);
  }
  return { work: [...byConnection.values()], forged, unknown };
}

export type PushRunDeps = MicrosoftPushDeps & SyncDeps & { logger: Logger };

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
  }
}

/** For the sweep: every Outlook connection of the user has a subscription that outlives the next sweeps. */
export async function keepSubscriptionsFresh(deps: MicrosoftPushDeps & { logger: Logger }, userId: string): Promise<void> {
  const connections = await deps.store.connections.list(userId);
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
