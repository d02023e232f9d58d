import { createHmac, timingSafeEqual } from 'node:crypto';
import { OAUTH_STATE_LIFETIME_SECONDS, type OAuthState } from '../../services/oauth-round-trip.js';

/**
 * The OAuth flow's state, bound to the browser that started it: a random `state` sent to the
 * provider, the PKCE verifier and the round trip's intent (connect or sign in), kept in a short-lived HttpOnly cookie signed with our key
 * (the style of csrf.ts). The callback accepts a code only when the provider's `state` equals
 * the cookie's and the cookie's signature holds, so a code injected from another browser
 * (login CSRF) or a replayed callback is refused.
 *
 * SameSite=Lax, not Strict: the callback is a top-level navigation coming from the provider's
 * site, which Strict cookies are not sent on.
 */

/**
 * Checked by hand, not with a schema library: this runs on the OAuth functions' cold path,
 * and the signature already proves we wrote the value; the shape check guards old releases.
 */
function asOAuthState(value: unknown): OAuthState | null {
  const v = value as Partial<Record<keyof OAuthState, unknown>> | null;
  if (typeof v !== 'object' || v === null) return null;
  if (typeof v.state !== 'string' || v.state.length < 20 || typeof v.verifier !== 'string' || v.verifier.length < 43 || typeof v.expiresAt !== 'number') return null;
  const intent = v.intent as Partial<Record<string, unknown>> | null | undefined;
  if (intent?.kind === 'connect' && typeof intent.userId === 'string' && intent.userId.length > 0) {
    return { state: v.state, verifier: v.verifier, expiresAt: v.expiresAt, intent: { kind: 'connect', userId: intent.userId } };
  }
  if (intent?.kind === 'sign-in' && typeof intent.timeZone === 'string' && intent.timeZone.length > 0) {
    return { state: v.state, verifier: v.verifier, expiresAt: v.expiresAt, intent: { kind: 'sign-in', timeZone: intent.timeZone } };
  }
  return null;
}

export function cookieNameFor(provider: 'google' | 'microsoft'): string {
  return `rapport_oauth_${provider}`;
}

function signatureOf(key: Buffer, payload: string): string {
  return createHmac('sha256', key).update(`oauth-state:${payload}`).digest('base64url');
}

export function sealOAuthState(key: Buffer, state: OAuthState): string {
  const payload = Buffer.from(JSON.stringify(state)).toString('base64url');
  return `${payload}.${signatureOf(key, payload)}`;
}

/** The cookie's state when its signature holds and it has not expired; otherwise null. */
export function openOAuthState(key: Buffer, cookie: string | undefined, nowMs: number): OAuthState | null {
  const [payload, signature, extra] = (cookie ?? '').split('.');
  if (!payload || !signature || extra !== undefined) return null;
  const expected = Buffer.from(signatureOf(key, payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  try {
    const parsed = asOAuthState(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
    return parsed !== null && parsed.expiresAt > nowMs ? parsed : null;
  } catch {
    return null;
  }
}

export function oauthStateCookie(provider: 'google' | 'microsoft', value: string, secure: boolean): string {
  return `${cookieNameFor(provider)}=${value}; Path=/oauth/${provider}; Max-Age=${OAUTH_STATE_LIFETIME_SECONDS}; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
}

export function clearOAuthStateCookie(provider: 'google' | 'microsoft', secure: boolean): string {
  return `${cookieNameFor(provider)}=; Path=/oauth/${provider}; Max-Age=0; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
}
