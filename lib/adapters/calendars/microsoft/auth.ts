import type { AccountInfo, ConfidentialClientApplication, Configuration, ICachePlugin, TokenCacheContext } from '@azure/msal-node';
import type { MicrosoftConfig } from '../../../runtime/config.js';
import type { ConnectionSecrets } from '../../secrets/connection-secrets.js';
import { CalendarUnavailable, NeedsReconnect } from '../../../core/ports/calendar.js';

/**
 * Microsoft sign-in with MSAL. Lambda keeps nothing between invocations, so MSAL's token cache
 * (refresh token included) lives sealed in our table, one per connection: the cache plugin
 * opens it before MSAL reads its cache and seals it again whenever MSAL changed it.
 */

let msal: Promise<typeof import('@azure/msal-node')> | undefined;

/**
 * MSAL (about 200 KB of code with its dependencies) loads when a token is first needed, not
 * with the module: the functions that only route to this adapter (the OAuth start page's
 * function, the push worker before its first message, the sweep) start without it.
 */
export function loadMsal(): Promise<typeof import('@azure/msal-node')> {
  msal ??= import('@azure/msal-node');
  return msal;
}

/**
 * Least privilege: read and write the user's own calendar (holds, coffees, delta sync,
 * getSchedule on their own mailbox, subscriptions on /me/events), offline_access for a refresh
 * token, User.Read for the account's address. MSAL adds openid and profile itself.
 */
export const MICROSOFT_SCOPES = ['Calendars.ReadWrite', 'User.Read'];
export const MICROSOFT_CONSENT_SCOPES = [...MICROSOFT_SCOPES, 'offline_access'];

/**
 * The plugin MSAL calls around every cache access: the sealed cache of one connection. MSAL
 * accesses its cache several times per token (accounts, then the silent request, then the
 * refreshed result); opening the sealed cache costs a table read and a KMS call, so it is
 * opened once per plugin (one adapter, one invocation) and kept in step with what we seal.
 */
export function sealedCachePlugin(secrets: ConnectionSecrets, userId: string, connectionId: string): ICachePlugin {
  let opened: Promise<string | null> | undefined;
  return {
    async beforeCacheAccess(context: TokenCacheContext) {
      opened ??= secrets.load(userId, connectionId);
      const serialized = await opened;
      if (serialized) context.tokenCache.deserialize(serialized);
    },
    async afterCacheAccess(context: TokenCacheContext) {
      if (!context.cacheHasChanged) return;
      const serialized = context.tokenCache.serialize();
      await secrets.save(userId, connectionId, serialized);
      opened = Promise.resolve(serialized);
    },
  };
}

export function msalConfiguration(config: MicrosoftConfig, cachePlugin?: ICachePlugin): Configuration {
  const host = new URL(config.authorityHost).host;
  return {
    auth: {
      clientId: config.clientId,
      clientSecret: config.clientSecret,
      authority: `${config.authorityHost}/${config.tenant}`,
      // Outside the public cloud (a sovereign cloud, or the local wire-format server) the
      // authority is declared known, so MSAL reads its metadata there instead of asking
      // login.microsoftonline.com's instance discovery.
      ...(host === 'login.microsoftonline.com' ? {} : { knownAuthorities: [host] }),
    },
    ...(cachePlugin ? { cache: { cachePlugin } } : {}),
    // MSAL's own logging stays off: its messages can carry PII and we log what we need ourselves.
    system: { loggerOptions: { piiLoggingEnabled: false, loggerCallback: () => undefined } },
  };
}

/** An access token is renewed this long before it expires. */
const TOKEN_MARGIN_MS = 5 * 60_000;

export interface AccessTokenSource {
  accessToken(): Promise<string>;
}

/**
 * Access tokens for one connection, refreshed silently from the sealed cache. A refresh the
 * identity platform refuses for good (revoked, expired, consent withdrawn) is `NeedsReconnect`;
 * anything else (network, 5xx) is `CalendarUnavailable` and the next sync tries again.
 */
export function connectionTokens(config: MicrosoftConfig, secrets: ConnectionSecrets, userId: string, connectionId: string): AccessTokenSource {
  let app: Promise<ConfidentialClientApplication> | undefined;
  const openApp = () => (app ??= loadMsal().then((m) => new m.ConfidentialClientApplication(msalConfiguration(config, sealedCachePlugin(secrets, userId, connectionId)))));
  let account: AccountInfo | undefined;
  // Kept in memory while valid: every cache access opens the sealed cache (a read and a KMS
  // call), which one sync's requests should not each pay for.
  let current: { token: string; refreshAt: number } | undefined;
  let pending: Promise<string> | undefined;
  const acquire = async () => {
    const msalApp = await openApp();
    account ??= (await msalApp.getTokenCache().getAllAccounts())[0];
    if (!account) throw new NeedsReconnect('Outlook is not connected any more: no stored sign-in. Reconnect it.');
    const result = await msalApp.acquireTokenSilent({ account, scopes: MICROSOFT_SCOPES });
    current = { token: result.accessToken, refreshAt: (result.expiresOn?.getTime() ?? Date.now()) - TOKEN_MARGIN_MS };
    return result.accessToken;
  };
  return {
    async accessToken() {
      if (current && current.refreshAt > Date.now()) return current.token;
      try {
        // Concurrent requests share one refresh.
        pending ??= acquire().finally(() => {
          pending = undefined;
        });
        return await pending;
      } catch (error) {
        if (error instanceof NeedsReconnect) throw error;
        if (isRevokedGrant(error)) {
          throw new NeedsReconnect('Microsoft refused the stored sign-in (revoked or expired). Reconnect Outlook.', { cause: error });
        }
        throw new CalendarUnavailable(`Could not get a Microsoft access token: ${(error as Error).message.split('\n')[0]}`, { cause: error });
      }
    },
  };
}

/**
 * `invalid_grant` and the interaction-required family mean only the user can fix it. Read by
 * the class's name (MSAL sets it) rather than `instanceof`, so that asking does not load MSAL.
 */
export function isRevokedGrant(error: unknown): boolean {
  if ((error as { name?: unknown } | null)?.name === 'InteractionRequiredAuthError') return true;
  const code = (error as { errorCode?: unknown } | null)?.errorCode;
  return code === 'invalid_grant' || code === 'interaction_required' || code === 'consent_required' || code === 'login_required';
}
