import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * One-click unsubscribe tokens (RFC 8058): the link in a message's `List-Unsubscribe` header is
 * its own authority (a mail client POSTs to it with no cookie and no CSRF token), so it is
 * signed with the server key and names exactly whom it is for: one user's Rapport, one
 * recipient address, and the kind of mail it was found in. A token cannot be widened to
 * another address or user without the key. It does not expire: an unsubscribe link in a
 * months-old email must still work.
 */

export const UNSUBSCRIBE_SCOPES = ['booking-link', 'digest', 'follow-up'] as const;
export type UnsubscribeScope = (typeof UNSUBSCRIBE_SCOPES)[number];

export interface UnsubscribeClaims {
  userId: string;
  /** The recipient, lowercased. */
  email: string;
  scope: UnsubscribeScope;
}

function sign(key: Buffer, payload: string): string {
  return createHmac('sha256', key).update(`unsubscribe|${payload}`).digest('base64url');
}

export function unsubscribeTokenFor(key: Buffer, claims: UnsubscribeClaims): string {
  const payload = Buffer.from(JSON.stringify([claims.userId, claims.email.toLowerCase(), claims.scope])).toString('base64url');
  return `${payload}.${sign(key, payload)}`;
}

export function unsubscribeUrlFor(baseUrl: string, key: Buffer, claims: UnsubscribeClaims): string {
  return `${baseUrl}/u/${unsubscribeTokenFor(key, claims)}`;
}

/** The claims of a token this server signed; null for anything else (forged, cut, altered). */
export function verifyUnsubscribeToken(key: Buffer, token: string): UnsubscribeClaims | null {
  if (token.length > 2_000) return null;
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined) return null;
  const expected = Buffer.from(sign(key, payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(parsed) || parsed.length !== 3) return null;
  const [userId, email, scope] = parsed as unknown[];
  if (typeof userId !== 'string' || typeof email !== 'string' || !UNSUBSCRIBE_SCOPES.includes(scope as UnsubscribeScope)) return null;
  return { userId, email, scope: scope as UnsubscribeScope };
}
