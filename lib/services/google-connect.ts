import { createHash } from 'node:crypto';
import { calendar, type calendar_v3 } from '@googleapis/calendar';
import { CodeChallengeMethod } from 'google-auth-library';
import { createOAuthClient, GOOGLE_SCOPES } from '../adapters/calendars/google/auth.js';
import { failureOf } from '../adapters/calendars/google/errors.js';
import type { GoogleConfig } from '../runtime/config.js';
import { newOAuthStateValue, OAUTH_STATE_LIFETIME_SECONDS, sameState, type OAuthIntent, type OAuthState } from './oauth-round-trip.js';
import type { Logger } from '../runtime/log.js';
import type { ConnectionSecrets } from '../adapters/secrets/connection-secrets.js';
import { AlreadyExists } from '../core/ports/store-errors.js';
import { type Connection, type ConnectionCalendar } from '../core/ports/connections.js';
import { type Store } from '../core/ports/store.js';
import type { Runtime } from '../runtime/runtime.js';
import { ownerOfAccount, type AccountOwnerOf } from './account-owner.js';
import { GoogleConnectFailed } from './connect-errors.js';
import { googlePushDepsOf, watchConnection } from './google-push.js';
import { rememberOwnAddress } from './own-address.js';

/**
 * Connecting a Google account: the consent URL (state + PKCE S256, offline access, consent
 * prompt so Google returns a refresh token every time), and the callback's work: exchange the
 * code, seal the refresh token, list the account's calendars, create or update the connection.
 */

export interface GoogleConnectDeps {
  store: Store;
  secrets: ConnectionSecrets;
  config: GoogleConfig;
  /** `${baseUrl}/oauth/google/callback`, registered on the OAuth client. */
  redirectUri: string;
  logger: Logger;
}

export async function startGoogleConnect(deps: Pick<GoogleConnectDeps, 'config' | 'redirectUri'>, intent: OAuthIntent, nowMs: number): Promise<{ url: string; state: OAuthState }> {
  const client = createOAuthClient(deps.config, deps.redirectUri);
  const { codeVerifier, codeChallenge } = await client.generateCodeVerifierAsync();
  const state: OAuthState = { state: newOAuthStateValue(), verifier: codeVerifier, intent, expiresAt: nowMs + OAUTH_STATE_LIFETIME_SECONDS * 1000 };
  const url = client.generateAuthUrl({
    access_type: 'offline',
    prompt: 'consent',
    scope: [...GOOGLE_SCOPES],
    state: state.state,
    code_challenge_method: CodeChallengeMethod.S256,
    code_challenge: codeChallenge!,
  });
  return { url, state };
}

/** Stable per account, so reconnecting the same account updates its connection. */
export function googleConnectionIdFor(account: string): string {
  return `google-${createHash('sha256').update(account.toLowerCase()).digest('hex').slice(0, 12)}`;
}

export interface CallbackInput {
  code: string | undefined;
  state: string | undefined;
  error: string | undefined;
}

/**
 * Finishes the round trip `expected` started (the caller has checked its intent against the
 * request): once Google has told us which account consented, `ownerOf` decides whose it is.
 * Returns that user, the connection, and the intent (a sign-in then signs the browser in).
 */
export async function finishGoogleConnect(
  deps: GoogleConnectDeps,
  expected: OAuthState | null,
  input: CallbackInput,
  now: string,
  ownerOf: AccountOwnerOf,
): Promise<{ userId: string; connection: Connection; intent: OAuthIntent }> {
  if (input.error) throw new GoogleConnectFailed(input.error === 'access_denied' ? 'Google Calendar was not connected: access was not granted.' : 'Google could not complete the sign-in. Try again.');
  if (!expected || !sameState(expected.state, input.state) || !input.code) {
    throw new GoogleConnectFailed('This sign-in did not start from this browser, or it took too long. Start "Connect Google Calendar" again.');
  }
  const client = createOAuthClient(deps.config, deps.redirectUri);
  let tokens;
  try {
    ({ tokens } = await client.getToken({ code: input.code, codeVerifier: expected.verifier, redirect_uri: deps.redirectUri }));
  } catch (error) {
    const failure = failureOf(error, Date.parse(now));
    deps.logger.warn('google code exchange failed', { status: failure.status, reason: failure.reason });
    throw new GoogleConnectFailed('Google refused the sign-in code. Start "Connect Google Calendar" again.');
  }
  if (!tokens.refresh_token) throw new GoogleConnectFailed('Google did not grant offline access. Start "Connect Google Calendar" again.');
  client.setCredentials(tokens);

  const api = calendar({ version: 'v3', auth: client as unknown as calendar_v3.Options['auth'], rootUrl: deps.config.apiRoot, retry: false });
  const { data } = await api.calendarList.list({ minAccessRole: 'reader' });
  const entries = data.items ?? [];
  const primary = entries.find((e) => e.primary);
  if (!primary?.id) throw new GoogleConnectFailed('The Google account has no primary calendar we can read.');
  // The primary calendar's id is the account's address: the account's stable name here.
  const account = primary.id.toLowerCase();
  const userId = await ownerOf(expected.intent, { provider: 'google', id: account, email: account });
  const connectionId = googleConnectionIdFor(account);

  await deps.secrets.save(userId, connectionId, tokens.refresh_token);
  const existing = await deps.store.connections.get(userId, connectionId);
  const calendars = calendarsOf(entries, existing?.calendars);
  // A new refresh token was just issued: a client in testing mode will lose it a week from now.
  const healed = { status: 'ok', lastError: undefined, account, label: account, calendars, grantedAt: now } as const;
  if (existing) {
    // A calendar that was failing has not been read since: its last sync time (that of the
    // failure) must not let the sweep count it as kept current by push.
    await deps.store.connections.update(userId, connectionId, { ...healed, ...(existing.status !== 'ok' && { lastSyncAt: undefined }) });
  } else {
    await deps.store.connections.create(userId, { id: connectionId, kind: 'google', label: account, account, calendars, cursor: null, status: 'ok', createdAt: now, grantedAt: now }).catch(async (error: unknown) => {
      // Two callbacks for the same account at once (a double sign-in): the other one created it.
      if (!(error instanceof AlreadyExists)) throw error;
      await deps.store.connections.update(userId, connectionId, healed);
    });
  }
  // Signed in again (or anew): the next tick sweeps the calendar, whatever time its last sweep set.
  await deps.store.wake.pull(userId, now);
  await rememberOwnAddress(deps.store, userId, account);
  return { userId, connection: (await deps.store.connections.get(userId, connectionId))!, intent: expected.intent };
}

/**
 * The callback's whole work for the process's runtime: finish the round trip (the account's
 * owner decided by `ownerOfAccount`), then open a push channel. Push is a bonus over the
 * 15-minute sweep: a channel that cannot open (say, Google refuses a non-https address) leaves
 * the connection working, and the sweep tries again.
 */
export async function connectGoogleAccount(
  runtime: Runtime,
  deps: Pick<GoogleConnectDeps, 'config' | 'redirectUri'>,
  expected: OAuthState | null,
  input: CallbackInput,
): Promise<{ userId: string; connection: Connection; intent: OAuthIntent }> {
  const now = runtime.now();
  const { store, logger } = runtime;
  const owner: AccountOwnerOf = (intent, account) => ownerOfAccount({ store, auth: runtime.config.auth, now }, intent, account);
  const finished = await finishGoogleConnect({ ...deps, store, secrets: runtime.secrets(), logger }, expected, input, now, owner);
  const push = googlePushDepsOf(runtime);
  if (push) {
    await watchConnection(push, finished.userId, finished.connection, now).catch((error: unknown) =>
      logger.warn('google push channel not opened', { userId: finished.userId, error: error instanceof Error ? error.message : String(error) }),
    );
  }
  return finished;
}

/** The primary calendar counts by default; a calendar the user ticked before keeps its tick. */
function calendarsOf(entries: calendar_v3.Schema$CalendarListEntry[], before: ConnectionCalendar[] | undefined): ConnectionCalendar[] {
  const ticked = new Map((before ?? []).map((c) => [c.id, c.counts]));
  return entries
    .filter((e): e is calendar_v3.Schema$CalendarListEntry & { id: string } => Boolean(e.id))
    .map((e) => ({ id: e.id, label: e.summaryOverride ?? e.summary ?? e.id, counts: ticked.get(e.id) ?? Boolean(e.primary), ...(e.primary ? { primary: true } : {}) }));
}

