import { PRIMARY_CALENDAR } from '../adapters/calendars/google/adapter.js';
import { openConnectionAuth } from '../adapters/calendars/google/auth.js';
import { createGoogleCalendarClient, type GoogleClientOptions } from '../adapters/calendars/google/client.js';
import { channelTokenFor } from '../adapters/calendars/google/channel-token.js';
import { newChannelId, stopChannel, watchCalendar } from '../adapters/calendars/google/push.js';
import { CalendarError } from '../core/ports/calendar.js';
import type { GoogleConfig } from '../runtime/config.js';
import type { Logger } from '../runtime/log.js';
import type { ConnectionSecrets } from '../adapters/secrets/connection-secrets.js';
import type { Runtime } from '../runtime/runtime.js';
import type { Connection } from '../core/ports/connections.js';
import type { Store } from '../core/ports/store.js';
import { renewPushFrom } from '../core/domain/push-renewal.js';

/**
 * Push for Google connections: opening a channel on the primary calendar when a connection is
 * made, renewing it before it expires (from the sweep) and stopping the old one, and deciding
 * what a notification means (google-notification.ts).
 */

export interface GooglePushDeps {
  store: Store;
  secrets: ConnectionSecrets;
  config: GoogleConfig;
  signingKey: Buffer;
  /** `${baseUrl}/webhooks/google`. */
  address: string;
  logger: Logger;
  client?: Omit<GoogleClientOptions, 'apiRoot' | 'auth'>;
}

/** Google keeps event channels about a week; we ask for that and renew a day before (core/domain/push-renewal.ts). */
export const CHANNEL_LIFETIME_MS = 7 * 86_400_000;

async function clientFor(deps: GooglePushDeps, userId: string, connection: Connection) {
  const auth = await openConnectionAuth({ config: deps.config, secrets: deps.secrets, userId, connectionId: connection.id });
  return createGoogleCalendarClient({ ...deps.client, apiRoot: deps.config.apiRoot, auth });
}

/** Opens a new channel for the connection, records it, then stops the channel it replaces. */
export async function watchConnection(deps: GooglePushDeps, userId: string, connection: Connection, now: string): Promise<void> {
  const client = await clientFor(deps, userId, connection);
  const id = newChannelId();
  const channel = await watchCalendar(client, PRIMARY_CALENDAR, {
    id,
    token: channelTokenFor(deps.signingKey, id),
    address: deps.address,
    expiresAt: new Date(Date.parse(now) + CHANNEL_LIFETIME_MS).toISOString(),
  });
  // The route first: a notification may arrive before this function returns.
  await deps.store.pushRoutes.put(channel.id, { provider: 'google', userId, connectionId: connection.id, expiresAt: channel.expiresAt });
  await deps.store.connections.update(userId, connection.id, { push: channel });
  const old = connection.push;
  if (old?.resourceId) {
    await stopChannel(client, { id: old.id, resourceId: old.resourceId });
    await deps.store.pushRoutes.delete('google', old.id);
  }
}

/** For the sweep: every Google connection without a channel, or whose channel ends within a day, gets a new one. */
export async function renewGoogleChannels(deps: GooglePushDeps, userId: string, now: string, known?: readonly Connection[]): Promise<number> {
  let renewed = 0;
  // `known`: the user's connections when the caller has just listed them (the sweep).
  for (const connection of known ?? (await deps.store.connections.list(userId))) {
    if (connection.kind !== 'google' || connection.status === 'needs-reconnect') continue;
    if (connection.push && renewPushFrom('google', connection.push.expiresAt) > Date.parse(now)) continue;
    try {
      await watchConnection(deps, userId, connection, now);
      renewed += 1;
    } catch (error) {
      // Without push the sweep still syncs every 15 minutes: note it and go on.
      if (!(error instanceof CalendarError)) throw error;
      deps.logger.warn('google channel renewal failed', { userId, connectionId: connection.id, error: error.message });
    }
  }
  return renewed;
}

/** Push dependencies from the process's runtime; undefined when Google or the signing key is not configured. */
export function googlePushDepsOf(runtime: Runtime): GooglePushDeps | undefined {
  const { google, signingKey, baseUrl, tokenSealing } = runtime.config;
  if (!google || !signingKey || !tokenSealing) return undefined;
  return { store: runtime.store, secrets: runtime.secrets(), config: google, signingKey, address: `${baseUrl}/webhooks/google`, logger: runtime.logger };
}
