import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The secret in a user's suggestions-feed URL. Derived, not stored: HMAC-SHA256 of the user id
 * and a generation number under the server's key. Calendar apps poll the URL without signing
 * in, so the token is the only credential; bumping the user's `feedGeneration` revokes every
 * URL handed out before.
 *
 * Shape: `base64url(userId) . generation . base64url(HMAC(key, "feed|<userId>|<generation>"))`.
 */

export interface FeedTokenClaims {
  userId: string;
  generation: number;
}

export function feedTokenFor(key: Buffer, userId: string, generation: number): string {
  if (!Number.isSafeInteger(generation) || generation < 0) throw new RangeError('a feed generation is a whole number ≥ 0');
  return `${Buffer.from(userId, 'utf8').toString('base64url')}.${generation}.${signature(key, userId, generation).toString('base64url')}`;
}

/** The claims of a genuine token, or null for anything malformed or forged (never throws). */
export function verifyFeedToken(key: Buffer, token: string): FeedTokenClaims | null {
  const match = /^([A-Za-z0-9_-]{1,200})\.(0|[1-9]\d{0,14})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return null;
  const [, encodedUser, generationText, encodedSignature] = match as unknown as [string, string, string, string];
  const userId = Buffer.from(encodedUser, 'base64url').toString('utf8');
  // One spelling per user: a token whose user part decodes loosely is not one we issued.
  if (Buffer.from(userId, 'utf8').toString('base64url') !== encodedUser) return null;
  const generation = Number(generationText);
  // Compared as text: base64url ignores a last character's spare bits, so comparing decoded
  // bytes would accept several spellings of one signature.
  const expected = Buffer.from(signature(key, userId, generation).toString('base64url'));
  const given = Buffer.from(encodedSignature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return { userId, generation };
}

function signature(key: Buffer, userId: string, generation: number): Buffer {
  return createHmac('sha256', key).update(`feed|${userId}|${generation}`).digest();
}
