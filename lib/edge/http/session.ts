import { openCookieValue, sealCookieValue } from './sealed-cookie.js';

/**
 * The signed-in session of the cloud dashboard: one cookie, `rapport_session`, whose value is
 * sealed (AES-GCM, purpose `session`) with the signing key, so the browser can neither read nor
 * change who it is signed in as. Nothing is stored server-side: the cookie is the session.
 *
 * - **Absolute expiry of 7 days**, inside the sealed value (the cookie's Max-Age is only a hint
 *   to the browser). A sealed cookie cannot be revoked before it expires, so its lifetime is
 *   what bounds a stolen one; a week means signing in about once per weekly review, and the
 *   expiry never slides, so a stolen cookie cannot be kept alive by using it. Rotating the
 *   signing key ends every session at once.
 * - **HttpOnly** (no script reads it), **Secure** when Rapport is served over https, **Path=/**
 *   (the dashboard, the API and the OAuth routes all need it).
 * - **SameSite=Lax**, not Strict: the OAuth callback is a top-level navigation coming from
 *   Google's or Microsoft's site, and its redirect lands on /app. Browsers count that whole
 *   redirect chain as cross-site, so a Strict cookie would not be sent with the callback
 *   (connecting another account must know who is signed in) nor with the /app request that
 *   follows it (the user would land on the sign-in page again). Lax cookies ride along on
 *   top-level GET navigations only; cross-site POSTs, fetches and frames never carry them, and
 *   every change still needs a CSRF token or a JSON content type.
 */

export const SESSION_COOKIE = 'rapport_session';
const PURPOSE = 'session';
export const SESSION_LIFETIME_SECONDS = 7 * 24 * 60 * 60;

/** Same rule as RAPPORT_LOCAL_USER: user ids go into table keys. */
const USER_ID = /^[A-Za-z0-9_-]{1,64}$/;

export interface Session {
  userId: string;
  /** The account the user signed in with (an email address), shown on the dashboard. */
  account: string;
  /** Epoch milliseconds; the session is over from then on. */
  expiresAtMs: number;
}

export interface SessionCookieOptions {
  /** Rapport is served over https (the base URL says so): the cookie is Secure. */
  secure: boolean;
}

function attributes(maxAgeSeconds: number, options: SessionCookieOptions): string {
  return `Path=/; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Lax${options.secure ? '; Secure' : ''}`;
}

export function newSession(userId: string, account: string, nowMs: number): Session {
  return { userId, account, expiresAtMs: nowMs + SESSION_LIFETIME_SECONDS * 1000 };
}

/** The Set-Cookie header that signs the browser in. */
export function sessionCookie(signingKey: Buffer, session: Session, nowMs: number, options: SessionCookieOptions): string {
  const maxAge = Math.max(0, Math.floor((session.expiresAtMs - nowMs) / 1000));
  return `${SESSION_COOKIE}=${sealCookieValue(signingKey, PURPOSE, session)}; ${attributes(maxAge, options)}`;
}

/** The Set-Cookie header that signs the browser out. */
export function clearSessionCookie(options: SessionCookieOptions): string {
  return `${SESSION_COOKIE}=; ${attributes(0, options)}`;
}

/** The session in the cookie's value, or null when it is missing, altered, sealed for another purpose, malformed or expired. */
export function openSession(signingKey: Buffer, value: string | undefined, nowMs: number): Session | null {
  const opened = openCookieValue(signingKey, PURPOSE, value);
  if (!isSession(opened)) return null;
  return opened.expiresAtMs > nowMs ? { userId: opened.userId, account: opened.account, expiresAtMs: opened.expiresAtMs } : null;
}

function isSession(value: unknown): value is Session {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return (
    typeof candidate.userId === 'string' &&
    USER_ID.test(candidate.userId) &&
    typeof candidate.account === 'string' &&
    typeof candidate.expiresAtMs === 'number' &&
    Number.isFinite(candidate.expiresAtMs)
  );
}
