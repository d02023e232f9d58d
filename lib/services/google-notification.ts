import { isGenuineChannelToken } from '../adapters/calendars/google/channel-token.js';
import type { Store } from '../core/ports/store.js';
import type { Runtime } from '../runtime/runtime.js';

/**
 * What a Google push notification means. Notifications carry no event data; a genuine one
 * other than the `sync` handshake means "run an incremental sync of that connection".
 * Deliberately free of the Google SDK: forged and unknown notifications are answered cheaply.
 */

export interface GoogleNotification {
  channelId: string | undefined;
  token: string | undefined;
  resourceState: string | undefined;
}

export type NotificationVerdict =
  | { kind: 'unknown-channel' }
  | { kind: 'forged' }
  | { kind: 'acknowledge' }
  | { kind: 'sync'; userId: string; connectionId: string };

export async function judgeGoogleNotification(deps: { store: Store; signingKey: Buffer }, notification: GoogleNotification): Promise<NotificationVerdict> {
  if (!notification.channelId) return { kind: 'unknown-channel' };
  const route = await deps.store.pushRoutes.get('google', notification.channelId);
  if (!route) return { kind: 'unknown-channel' };
  if (!isGenuineChannelToken(deps.signingKey, notification.channelId, notification.token)) return { kind: 'forged' };
  // `sync` is the handshake Google sends when a channel opens; nothing changed yet.
  if (notification.resourceState === 'sync') return { kind: 'acknowledge' };
  return { kind: 'sync', userId: route.userId, connectionId: route.connectionId };
}


/**
 * A genuine change notification: an incremental sync of that one connection. Sync (inference,
 * the Google adapter) loads only here, never for a forged or unknown notification. Locally it
 * runs before the answer; Google waits up to its timeout and retries failures with backoff.
 */
export async function syncNotifiedConnection(runtime: Runtime, verdict: Extract<NotificationVerdict, { kind: 'sync' }>): Promise<void> {
  const { syncUser } = await import('./sync.js');
  const report = await syncUser(runtime, verdict.userId, runtime.now(), { connectionId: verdict.connectionId });
  runtime.logger.info('google notification synced', { userId: verdict.userId, connectionId: verdict.connectionId, meetingsRecorded: report.meetingsRecorded });
}
