import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * CSRF protection by signed double submit: the browser holds a random nonce in an HttpOnly,
 * SameSite=Strict cookie; every form carries HMAC(key, nonce). A forged cross-site form has
 * neither the cookie (SameSite) nor a way to compute the token (no key).
 */
export const CSRF_COOKIE = 'rapport_csrf';
export const CSRF_FIELD = 'csrf';
export const CSRF_HEADER = 'x-rapport-csrf';

export function newCsrfNonce(): string {
  return randomBytes(18).toString('base64url');
}

export function csrfTokenFor(key: Buffer, nonce: string): string {
  return createHmac('sha256', key).update(`csrf:${nonce}`).digest('base64url');
}

export function isValidCsrfToken(key: Buffer, nonce: string | undefined, token: string | undefined): boolean {
  if (!nonce || !token) return false;
  const expected = Buffer.from(csrfTokenFor(key, nonce));
  const given = Buffer.from(token);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export function csrfCookie(nonce: string, secure: boolean): string {
  return `${CSRF_COOKIE}=${nonce}; Path=/; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
}
