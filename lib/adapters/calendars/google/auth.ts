import { OAuth2Client } from 'google-auth-library';
import type { GoogleConfig } from '../../../runtime/config.js';
import type { ConnectionSecrets } from '../../secrets/connection-secrets.js';
import { NeedsReconnect } from '../../../core/ports/calendar.js';

/**
 * Google OAuth for one connection: an OAuth2Client on our configured endpoints, holding the
 * connection's refresh token (sealed at rest, opened here). Access tokens live in memory for
 * one invocation only; the refresh token is the one thing stored.
 */

/**
 * The least the product needs (README, "Google Calendar"): read and write events (sync,
 * holds, invitations, push channels), list the account's calendars (primary = the account
 * address, and the calendars a user may tick), and free/busy.
 */
export const GOOGLE_SCOPES = [
  'https://www.googleapis.com/auth/calendar.events',
  'https://www.googleapis.com/auth/calendar.calendarlist.readonly',
  'https://www.googleapis.com/auth/calendar.freebusy',
] as const;

export function createOAuthClient(config: GoogleConfig, redirectUri?: string): OAuth2Client {
  return new OAuth2Client({
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    ...(redirectUri ? { redirectUri } : {}),
    endpoints: { oauth2AuthBaseUrl: config.authUrl, oauth2TokenUrl: config.tokenUrl },
  });
}

export interface ConnectionAuthOptions {
  config: GoogleConfig;
  secrets: ConnectionSecrets;
  userId: string;
  connectionId: string;
}

/** The connection's client, ready to refresh; NeedsReconnect when no grant is stored. */
export async function openConnectionAuth(options: ConnectionAuthOptions): Promise<OAuth2Client> {
  const refreshToken = await options.secrets.load(options.userId, options.connectionId);
  if (!refreshToken) throw new NeedsReconnect('No Google grant is stored for this connection: reconnect Google Calendar');
  const client = createOAuthClient(options.config);
  client.setCredentials({ refresh_token: refreshToken });
  // Google may rotate the refresh token on a refresh; keep the new one, sealed.
  client.on('tokens', (tokens) => {
    if (tokens.refresh_token && tokens.refresh_token !== refreshToken) {
      void options.secrets.save(options.userId, options.connectionId, tokens.refresh_token).catch(() => undefined);
    }
  });
  return client;
}
