import type { Client, GraphError } from '@microsoft/microsoft-graph-client';
import type { MicrosoftConfig } from '../../../runtime/config.js';
import type { ConnectionSecrets } from '../../secrets/connection-secrets.js';
import type { Connection } from '../../../core/ports/connections.js';
import type { Store } from '../../../core/ports/store.js';
import { CalendarUnavailable, NeedsReconnect } from '../../../core/ports/calendar.js';
import { clientStateFor } from './client-state.js';
import { renewPushFrom } from '../../../core/domain/push-renewal.js';

/**
 * Graph change notifications for a connection: a subscription on the user's events pointing at
 * /webhooks/microsoft, its route (subscription id → user and connection) in the table, renewal
 * before Graph's limit, and the clientState that proves a notification came from Graph.
 *
 * The clientState is derived (HMAC of the signing key over the user and connection), so
 * nothing secret is stored and a forged notification cannot carry the right one.
 */

/** Graph allows at most 4,230 minutes for event subscriptions; we ask a little less. */
export const SUBSCRIPTION_MINUTES = 4200;
export const WEBHOOK_PATH = '/webhooks/microsoft';

export interface MicrosoftPushDeps {
  config: MicrosoftConfig;
  secrets: ConnectionSecrets;
  store: Pick<Store, 'connections' | 'pushRoutes'>;
  signingKey: Buffer;
  /** Where Graph reaches this Rapport (https in production). */
  baseUrl: string;
  now: () => string;
}

interface Graph {
  client: Client;
  /** Graph's error class, from the same lazily loaded library as the client. */
  GraphError: typeof GraphError;
}

/**
 * The Graph client (and MSAL behind its tokens) load with the first subscription request, not
 * with this module: the push worker and the sweep start without them, and a sweep whose
 * subscriptions are current never loads them.
 */
async function graphOf(deps: MicrosoftPushDeps, userId: string, connectionId: string): Promise<Graph> {
  const [{ createGraphClient }, { connectionTokens }, { GraphError }] = await Promise.all([
    import('./client.js'),
    import('./auth.js'),
    import('@microsoft/microsoft-graph-client'),
  ]);
  const tokens = connectionTokens(deps.config, deps.secrets, userId, connectionId);
  return { client: createGraphClient({ graphRoot: deps.config.graphRoot, tokens, mailboxKey: `${userId}/${connectionId}` }), GraphError };
}

function expiryFrom(now: string): string {
  return new Date(Date.parse(now) + SUBSCRIPTION_MINUTES * 60_000).toISOString();
}

export type SubscriptionOutcome = 'created' | 'renewed' | 'current';

/** A subscription exists and lasts beyond the next sweeps: create, renew, or leave it. */
export async function ensureSubscription(deps: MicrosoftPushDeps, userId: string, connection: Connection): Promise<SubscriptionOutcome> {
  const push = connection.push;
  if (push && renewPushFrom('microsoft', push.expiresAt) > Date.parse(deps.now())) return 'current';
  if (push && (await renewSubscription(deps, userId, connection))) return 'renewed';
  await createSubscription(deps, userId, connection);
  return 'created';
}

/** Extends the subscription; false when Graph no longer has it (then create a new one). */
export async function renewSubscription(deps: MicrosoftPushDeps, userId: string, connection: Connection): Promise<boolean> {
  if (!connection.push) return false;
  const expiresAt = expiryFrom(deps.now());
  const graph = await graphOf(deps, userId, connection.id);
  try {
    await graph.client.api(`/subscriptions/${encodeURIComponent(connection.push.id)}`).patch({ expirationDateTime: expiresAt });
  } catch (error) {
    if (error instanceof graph.GraphError && error.statusCode === 404) return false;
    throw translate(graph, error);
  }
  await deps.store.connections.update(userId, connection.id, { push: { ...connection.push, expiresAt } });
  await deps.store.pushRoutes.put(connection.push.id, { provider: 'microsoft', userId, connectionId: connection.id, expiresAt });
  return true;
}

/**
 * A new subscription (Graph validates the webhook URL while this call waits). The old one, if
 * any, is deleted first and its route dropped.
 */
export async function createSubscription(deps: MicrosoftPushDeps, userId: string, connection: Connection): Promise<string> {
  const graph = await graphOf(deps, userId, connection.id);
  const { client } = graph;
  if (connection.push) {
    await client
      .api(`/subscriptions/${encodeURIComponent(connection.push.id)}`)
      .delete()
      .catch((error: unknown) => {
        if (!(error instanceof graph.GraphError && error.statusCode === 404)) throw translate(graph, error);
      });
    await deps.store.pushRoutes.delete('microsoft', connection.push.id);
    // Gone: until a new one is made, nothing says this calendar is kept current (the sweep polls it).
    await deps.store.connections.update(userId, connection.id, { push: undefined });
  }
  const expiresAt = expiryFrom(deps.now());
  const url = `${deps.baseUrl}${WEBHOOK_PATH}`;
  let created: { id: string; expirationDateTime: string };
  try {
    created = (await client.api('/subscriptions').post({
      changeType: 'created,updated,deleted',
      notificationUrl: url,
      lifecycleNotificationUrl: url,
      resource: '/me/events',
      expirationDateTime: expiresAt,
      clientState: clientStateFor(deps.signingKey, userId, connection.id),
    })) as { id: string; expirationDateTime: string };
  } catch (error) {
    throw translate(graph, error);
  }
  // The route first: a notification may arrive as soon as Graph answered.
  await deps.store.pushRoutes.put(created.id, { provider: 'microsoft', userId, connectionId: connection.id, expiresAt: created.expirationDateTime });
  await deps.store.connections.update(userId, connection.id, { push: { id: created.id, expiresAt: created.expirationDateTime } });
  return created.id;
}

function translate({ GraphError }: Graph, error: unknown): Error {
  if (error instanceof GraphError) {
    if (error.code === 'NeedsReconnect') return new NeedsReconnect(error.message, { cause: error });
    return new CalendarUnavailable(`Outlook subscription request failed: ${error.statusCode} ${error.code ?? ''} ${error.message}`, { cause: error });
  }
  return error instanceof Error ? error : new Error(String(error));
}
