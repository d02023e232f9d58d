import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { beginSignIn, completeSignIn } from '../calendars/microsoft/sign-in.js';
import type { MicrosoftConfig } from '../config.js';
import type { ConnectionSecrets } from '../secrets/connection-secrets.js';
import type { Store } from '../store/model.js';

/**
 * Connecting Outlook: the start of the sign-in (a state and a PKCE verifier the browser keeps
 * sealed), and its end (the code exchanged, MSAL's cache sealed for the connection, the
 * connection created or brought back to health). One connection per Microsoft account.
 */

export interface PendingSignIn {
  state: string;
  verifier: string;
  /** Whose sign-in this is: the callback must come back to the same user. */
  userId: string;
  expiresAtMs: number;
}

/** How long the user has to finish signing in at Microsoft. */
const SIGN_IN_MS = 10 * 60_000;

export async function startMicrosoftConnect(config: MicrosoftConfig, redirectUri: string, userId: string, nowMs: number): Promise<{ url: string; pending: PendingSignIn }> {
  const state = randomBytes(24).toString('base64url');
  const { url, verifier } = await beginSignIn(config, redirectUri, state);
  return { url, pending: { state, verifier, userId, expiresAtMs: nowMs + SIGN_IN_MS } };
}

/** Why a callback is refused, in words the user can act on. */
export class SignInRefused extends Error {
  override name = 'SignInRefused';
}

export function checkCallback(pending: PendingSignIn | null, userId: string, state: string | undefined, nowMs: number): PendingSignIn {
  if (!pending || pending.userId !== userId) throw new SignInRefused('This sign-in was not started from this browser. Start connecting Outlook again.');
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

export async function finishMicrosoftConnect(deps: FinishDeps, input: { userId: string; code: string; verifier: string; redirectUri: string; now: string }): Promise<{ connectionId: string; email: string }> {
  const signedIn = await completeSignIn(deps.config, { code: input.code, verifier: input.verifier, redirectUri: input.redirectUri });
  const connectionId = microsoftConnectionId(signedIn.homeAccountId);
  // The cache first: a connection never exists without the sign-in that reads it.
  await deps.secrets.save(input.userId, connectionId, signedIn.serializedCache);
  const existing = await deps.store.connections.get(input.userId, connectionId);
  if (existing) {
    await deps.store.connections.update(input.userId, connectionId, { status: 'ok', account: signedIn.email, lastError: undefined });
  } else {
    await deps.store.connections.create(input.userId, {
      id: connectionId,
      kind: 'microsoft',
      label: `Outlook (${signedIn.email})`,
      account: signedIn.email,
      cursor: null,
      status: 'ok',
      createdAt: input.now,
    });
  }
  return { connectionId, email: signedIn.email };
}
