import { randomBytes } from 'node:crypto';
import type { Config } from '../runtime/config.js';
import { displayNameFrom, newUserSettings } from '../core/domain/settings.js';
import type { OAuthIntent } from './oauth-round-trip.js';
import { AccountTaken } from './connect-errors.js';
import type { ProviderAccount, Store } from '../core/ports/store.js';

/**
 * Whose Rapport a provider account belongs to, once an OAuth round trip has proved who the
 * browser is at Google or Microsoft. Decided before anything of the connection is written,
 * so a refused account leaves no trace.
 */

/** A provider account together with its address (a new user's own address; the session's label). */
export interface SignedInAccount extends ProviderAccount {
  email: string;
  /** The account's display name, when the provider's sign-in gave one (Microsoft's ID token does). */
  name?: string;
}

/** Says whose account it is, for the round trip's intent; may refuse (then nothing is written). */
export type AccountOwnerOf = (intent: OAuthIntent, account: SignedInAccount) => Promise<string>;

export interface AccountOwnerDeps {
  store: Store;
  /** Locally there is one user and no sign-in: accounts are not bound to users. */
  auth: Config['auth'];
  now: string;
  /** A fresh user id; random by default. */
  newUserId?: () => string;
}

/** 128 random bits, in the characters user ids allow (letters, digits, `_`, `-`). */
export function newUserId(): string {
  return `u_${randomBytes(16).toString('base64url')}`;
}

/** The user the account's connection (and, for a sign-in, the session) belongs to. */
export async function ownerOfAccount(deps: AccountOwnerDeps, intent: OAuthIntent, account: SignedInAccount): Promise<string> {
  if (intent.kind === 'connect') return connectingUser(deps, intent.userId, account);
  return signingInUser(deps, intent.timeZone, account);
}

/** Connecting another account: it becomes one more way to sign in as the same user, unless it already is someone else's. */
async function connectingUser(deps: AccountOwnerDeps, userId: string, account: SignedInAccount): Promise<string> {
  if (deps.auth === 'local') return userId;
  const owner = await deps.store.identities.bind(identityOf(account), userId, deps.now);
  if (owner !== userId) throw new AccountTaken(account.provider);
  return userId;
}

/**
 * Signing in: the account's user, or a new user with default settings. Two first sign-ins
 * racing with the same account both end up with the user whose identity write won. The
 * profile is written when missing rather than only by the winner, so a sign-in that stopped
 * between the two writes is healed by the next one.
 */
async function signingInUser(deps: AccountOwnerDeps, timeZone: string, account: SignedInAccount): Promise<string> {
  const identity = identityOf(account);
  const userId = (await deps.store.identities.ownerOf(identity)) ?? (await deps.store.identities.bind(identity, (deps.newUserId ?? newUserId)(), deps.now));
  if (!(await deps.store.profiles.get(userId))) await deps.store.profiles.put(userId, newUserSettings(account.email, timeZone, displayNameFrom(account.name)));
  return userId;
}

function identityOf(account: SignedInAccount): ProviderAccount {
  return { provider: account.provider, id: account.id };
}
