import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { forbidden } from './errors.js';
import { cookies } from './request.js';

/**
 * CSRF protection by signed double submit: the browser holds a random nonce in an HttpOnly,
 * SameSite=Strict cookie; every form carries HMAC(key, nonce). A forged cross-site form has
 * neither the cookie (SameSite) nor a way to compute the token (no key).
 */
const CSRF_FIELD = 'csrf';

/**
 * Where a nonce cookie lives and what a refused form is told. The dashboard and the guests'
 * pages each have their own (see web/route.ts and web/guest-route.ts), so neither replaces
 * the other's cookie.
 */
export interface CsrfScope {
  cookie: string;
  path: string;
  /** Shown when a form's token does not hold. */
  refusal: string;
}

/** A form's signer: the key, and optionally whose page it is (see `csrfTokenFor`). */
export interface CsrfSigner {
  key: Buffer;
  subject?: string;
}

function newCsrfNonce(): string {
  return randomBytes(18).toString('base64url');
}

/**
 * `subject`, when given, is whose page the token is for (the dashboard's user): a token minted
 * on one user's page is refused in another user's session, even if an attacker could plant
 * their own nonce cookie in the victim's browser.
 */
function csrfTokenFor(key: Buffer, nonce: string, subject?: string): string {
  return createHmac('sha256', key)
    .update(subject === undefined ? `csrf:${nonce}` : `csrf:${subject}:${nonce}`)
    .digest('base64url');
}

function isValidCsrfToken(key: Buffer, nonce: string | undefined, token: string | undefined, subject?: string): boolean {
  if (!nonce || !token) return false;
  const expected = Buffer.from(csrfTokenFor(key, nonce, subject));
  const given = Buffer.from(token);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** The token for the page's forms, and the cookie to set when the browser has no nonce yet. */
export function csrfForPage(event: APIGatewayProxyEventV2, scope: CsrfScope, signer: CsrfSigner): { token: string; cookies: string[] } {
  const known = cookies(event)[scope.cookie];
  const nonce = known ?? newCsrfNonce();
  const secure = event.headers?.['x-forwarded-proto'] === 'https';
  const cookie = `${scope.cookie}=${nonce}; Path=${scope.path}; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
  return { token: csrfTokenFor(signer.key, nonce, signer.subject), cookies: known ? [] : [cookie] };
}

/** A form's token must be one minted for this browser's nonce (and, with a subject, for that page). */
export function requireCsrf(event: APIGatewayProxyEventV2, scope: CsrfScope, signer: CsrfSigner, fields: Record<string, string>): void {
  if (!isValidCsrfToken(signer.key, cookies(event)[scope.cookie], fields[CSRF_FIELD], signer.subject)) throw forbidden(scope.refusal);
}
