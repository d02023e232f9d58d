import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { beginSignIn, completeSignIn } from '../adapters/calendars/microsoft/sign-in.js';
import type { MicrosoftConfig } from '../runtime/config.js';
import type { ConnectionSecrets } from '../adapters/secrets/connection-secrets.js';
import type { OAuthIntent } from './oauth-round-trip.js';
import { AlreadyExists } from '../core/ports/store-errors.js';
import { type Store } from '../core/ports/store.js';
import { CalendarError } from '../core/ports/calendar.js';
import type { Runtime } from '../runtime/runtime.js';
import { ownerOfAccount, type AccountOwnerOf } from './account-owner.js';
import { MicrosoftConnectFailed, SignInRefused } from './connect-errors.js';
import { rememberAccountName, rememberOwnAddress } from './own-address.js';

/**
 * Connecting Outlook: the start of the sign-in (a state and a PKCE verifier the browser keeps
 * sealed), and its end (the code exchanged, MSAL's cache sealed for the connection, the
 * connection created or brought back to health). One connection per Microsoft account.
 */

export interface PendingSignIn {
  state: string;
  verifier: string;
  /** Connect for a user (the callback must come back to the same user), or sign in. */
  intent: OAuthIntent;
  expiresAtMs: number;
}

/** How long the user has to finish signing in at Microsoft. */
const SIGN_IN_MS = 10 * 60_000;

export async function startMicrosoftConnect(config: MicrosoftConfig, redirectUri: string, intent: OAuthIntent, nowMs: number): Promise<{ url: string; pending: PendingSignIn }> {
  const state = randomBytes(24).toString('base64url');
  const { url, verifier } = await beginSignIn(config, redirectUri, state);
  return { url, pending: { state, verifier, intent, expiresAtMs: nowMs + SIGN_IN_MS } };
}

/** `intentHolds`: the caller's verdict on the pending intent for this request (see oauth-intent.ts). */
export function checkCallback(pending: PendingSignIn | null, intentHolds: (intent: OAuthIntent) => boolean, state: string | undefined, nowMs: number): PendingSignIn {
  if (!pending?.intent || !intentHolds(pending.intent)) throw new SignInRefused('This sign-in was not started from this browser. Start connecting Outlook again.');
  if (pending.expiresAtMs < nowMs) throw new SignInRefused('The sign-in took too long. Start connecting Outlook again.');
  const expected = Buffer.from(pending.state);
  const given = Buffer.from(state ?? '');
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw new SignInRefused('The sign-in answer does not match this browser. Start connecting Outlook again.');
  return pending;
}

export interface FinishDeps {
  store: Store;
  secrets: ConnectionSecrets;
  config: MicrosoftConfig;
}

export function microsoftConnectionId(homeAccountId: string): string {
  return `microsoft-${createHash('sha256').update(homeAccountId).digest('base64url').slice(0, 12)}`;
}

/**
 * Exchanges the code, asks `ownerOf` whose account it is (it may refuse: then nothing is
 * written), and stores the sealed sign-in and the connection for that user.
 */
export async function finishMicrosoftConnect(
  deps: FinishDeps,
  input: { code: string; verifier: string; redirectUri: string; now: string; intent: OAuthIntent },
  ownerOf: AccountOwnerOf,
): Promise<{ userId: string; connectionId: string; email: string }> {
  const signedIn = await completeSignIn(deps.config, { code: input.code, verifier: input.verifier, redirectUri: input.redirectUri });
  const userId = await ownerOf(input.intent, { provider: 'microsoft', id: signedIn.homeAccountId, email: signedIn.email, ...(signedIn.name ? { name: signedIn.name } : {}) });
  const connectionId = microsoftConnectionId(signedIn.homeAccountId);
  // The cache first: a connection never exists without the sign-in that reads it.
  await deps.secrets.save(userId, connectionId, signedIn.serializedCache);
  const healed = { status: 'ok', account: signedIn.email, lastError: undefined } as const;
  const existing = await deps.store.connections.get(userId, connectionId);
  if (existing) {
    // A calendar that was failing has not been read since: its last sync time (that of the
    // failure) must not let the sweep count it as kept current by push.
    await deps.store.connections.update(userId, connectionId, { ...healed, ...(existing.status !== 'ok' && { lastSyncAt: undefined }) });
  } else {
    await deps.store.connections
      .create(userId, { id: connectionId, kind: 'microsoft', label: `Outlook (${signedIn.email})`, account: signedIn.email, cursor: null, status: 'ok', createdAt: input.now })
      .catch(async (error: unknown) => {
        // Two callbacks for the same account at once (a double sign-in): the other one created it.
        if (!(error instanceof AlreadyExists)) throw error;
        await deps.store.connections.update(userId, connectionId, healed);
      });
  }
  // Signed in again (or anew): the next tick sweeps the calendar, whatever time its last sweep set.
  await deps.store.wake.pull(userId, input.now);
  await rememberOwnAddress(deps.store, userId, signedIn.email);
  await rememberAccountName(deps.store, userId, signedIn.name);
  return { userId, connectionId, email: signedIn.email };
}

/**
 * The callback's whole work for the process's runtime: the account's owner decided by
 * `ownerOfAccount`; a calendar failure (the code exchange, the token sealing) becomes a
 * `MicrosoftConnectFailed` with its message.
 */
export async function connectMicrosoftAccount(
  runtime: Runtime,
  config: MicrosoftConfig,
  input: { code: string; verifier: string; redirectUri: string; intent: OAuthIntent },
): Promise<{ userId: string; connectionId: string; email: string }> {
  const now = runtime.now();
  const { store } = runtime;
  try {
    return await finishMicrosoftConnect({ store, secrets: runtime.secrets(), config }, { ...input, now }, (intent, account) =>
      ownerOfAccount({ store, auth: runtime.config.auth, now }, intent, account),
    );
  } catch (error) {
    if (error instanceof CalendarError) throw new MicrosoftConnectFailed(error.message, { cause: error });
    throw error;
  }
}
