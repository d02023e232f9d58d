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

/**
 * `subject`, when given, is whose page the token is for (the dashboard's user): a token minted
 * on one user's page is refused in another user's session, even if an attacker could plant
 * their own nonce cookie in the victim's browser.
 */
export function csrfTokenFor(key: Buffer, nonce: string, subject?: string): string {
  return createHmac('sha256', key)
    .update(subject === undefined ? `csrf:${nonce}` : `csrf:${subject}:${nonce}`)
    .digest('base64url');
}

export function isValidCsrfToken(key: Buffer, nonce: string | undefined, token: string | undefined, subject?: string): boolean {
  if (!nonce || !token) return false;
  const expected = Buffer.from(csrfTokenFor(key, nonce, subject));
  const given = Buffer.from(token);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export function csrfCookie(nonce: string, secure: boolean): string {
  return `${CSRF_COOKIE}=${nonce}; Path=/; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
}
