import { isGenuineClientState } from '../adapters/calendars/microsoft/client-state.js';
import { LIFECYCLE_EVENTS, type LifecycleEvent } from '../adapters/queue/messages.js';
import type { PushRoute } from '../core/ports/connections.js';
import type { Store } from '../core/ports/store.js';
import type { Runtime } from '../runtime/runtime.js';
import { PushQueueUnavailable } from './push-errors.js';

/**
 * What a Graph notification batch asks for: which connections to sync, and which subscriptions
 * to renew or recreate. Checking is fast (one route read per subscription); the work runs
 * after the 202, because Graph wants an answer within 3 seconds. Nothing here loads Graph's
 * client, MSAL or a schema library: it is the webhook's whole cold path.
 */

export interface Notification {
  subscriptionId: string;
  clientState?: string | null;
  lifecycleEvent?: LifecycleEvent;
}

export interface NotificationBatch {
  value: Notification[];
}

export interface PushWork {
  route: PushRoute;
  /** Lifecycle events for this connection, in order; empty for plain change notifications. */
  lifecycle: LifecycleEvent[];
}

export interface CheckedBatch {
  work: PushWork[];
  /** Notifications whose clientState was wrong: never acted on. */
  forged: number;
  /** Notifications for subscriptions we no longer know (deleted, or never ours). */
  unknown: number;
}

/** Graph sends at most a few hundred per post; more is not Graph. */
const MAX_NOTIFICATIONS = 1000;

/** The batch, or a sentence saying what is wrong with it (for a 400). */
export function parseNotificationBatch(body: unknown): NotificationBatch | string {
  const value = (body as { value?: unknown } | null)?.value;
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_NOTIFICATIONS) return `value must be a list of 1 to ${MAX_NOTIFICATIONS} notifications`;
  const notifications: Notification[] = [];
  for (const [i, item] of value.entries()) {
    const n = item as Partial<Record<string, unknown>> | null;
    if (typeof n !== 'object' || n === null) return `value[${i}] must be a notification`;
    if (typeof n.subscriptionId !== 'string' || n.subscriptionId.length === 0 || n.subscriptionId.length > 200) return `value[${i}].subscriptionId must be 1 to 200 characters`;
    if (n.clientState !== undefined && n.clientState !== null && (typeof n.clientState !== 'string' || n.clientState.length > 300)) return `value[${i}].clientState must be text of at most 300 characters`;
    if (n.lifecycleEvent !== undefined && !(LIFECYCLE_EVENTS as readonly unknown[]).includes(n.lifecycleEvent)) return `value[${i}].lifecycleEvent must be one of ${LIFECYCLE_EVENTS.join(', ')}`;
    notifications.push({ subscriptionId: n.subscriptionId, clientState: n.clientState as string | null | undefined, lifecycleEvent: n.lifecycleEvent as LifecycleEvent | undefined });
  }
  return { value: notifications };
}

export async function checkNotifications(deps: { store: Pick<Store, 'pushRoutes'>; signingKey: Buffer }, batch: NotificationBatch): Promise<CheckedBatch> {
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

/**
 * Hands the checked work on, after Graph's answer. In the cloud a function frozen after its
 * answer would never finish in-process work, so the work goes to the push queue (worked by
 * functions/microsoft-push.ts); locally it runs in this process. The queue's client and the
 * sync load only here.
 */
export async function handOnPushWork(runtime: Runtime, work: PushWork[]): Promise<void> {
  const { config, logger } = runtime;
  if (config.queues.push) {
    const { sqsWorkQueue } = await import('../adapters/queue/sqs.js');
    const queue = sqsWorkQueue(config.queues.push, { region: config.region, endpoint: config.sqsEndpoint });
    await queue.send(work.map((w) => ({ kind: 'microsoft-push', route: w.route, lifecycle: w.lifecycle }))).catch((error: unknown) => {
      throw new PushQueueUnavailable('push work not queued', { cause: error });
    });
    return;
  }
  const { microsoftPushDepsOf, runPushWork } = await import('./microsoft-push.js');
  const deps = microsoftPushDepsOf(runtime);
  if (!deps) throw new Error('Outlook push needs token sealing (RAPPORT_TOKEN_KEY or RAPPORT_KMS_KEY_ID)');
  for (const w of work) {
    const run: Promise<void> = runPushWork(deps, w)
      .catch((error: unknown) => logger.error('push work failed', { userId: w.route.userId, connectionId: w.route.connectionId, error }))
      .finally(() => running.delete(run));
    running.add(run);
  }
}

/** Push work running in this process after its answer (local mode only). */
const running = new Set<Promise<void>>();

/**
 * Resolves when no push work started in this process is still running, including work started
 * while waiting. What a test awaits to know the work after a 202 is over (or that none began),
 * instead of sleeping and hoping; what a local server could await before it exits.
 */
export async function pushWorkSettled(): Promise<void> {
  while (running.size > 0) await Promise.allSettled([...running]);
}
