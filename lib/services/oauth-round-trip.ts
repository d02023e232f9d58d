import { randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * What an OAuth round trip (Google or Microsoft) carries from its start to its callback. The
 * edge keeps it with the browser (a signed or sealed cookie: edge/http/oauth-state.ts and
 * sealed-cookie.ts) and decides the intent from the request (edge/http/oauth-intent.ts).
 */

/**
 * Why the round trip was started, so the callback cannot be talked into another purpose:
 * - `connect`: add the account's calendar to the user who started it (the signed-in user, or
 *   the local user); the callback must come back to that same user.
 * - `sign-in` (cloud only): find the user this account signs in as, or create one, and sign the
 *   browser in. `timeZone` is what the sign-in page's browser reported, for a new user's profile.
 */
export type OAuthIntent = { kind: 'connect'; userId: string } | { kind: 'sign-in'; timeZone: string };

export const OAUTH_STATE_LIFETIME_SECONDS = 600;

/** Google's round trip: the `state` sent to the provider, the PKCE verifier and the intent. */
export interface OAuthState {
  state: string;
  verifier: string;
  intent: OAuthIntent;
  expiresAt: number;
}

export function newOAuthStateValue(): string {
  return randomBytes(24).toString('base64url');
}

/** Compared in constant time: the state is what proves the callback belongs to this browser. */
export function sameState(a: string, b: string | undefined): boolean {
  if (!b) return false;
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
