import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Booking links and the guest's manage links.
 *
 * A booking token is HMAC-SHA256(server key, proposal id): 256 bits nobody can guess or
 * derive without the key, exactly as unguessable as random bytes, but re-derivable by the
 * server, so the dashboard can show a proposal's link again and overlapping proposer runs
 * agree on it. Only its SHA-256 is stored; the lookup is by that hash.
 *
 * A manage token (reschedule / cancel from the confirmation) is signed and expiring: it names
 * the user and proposal and is valid until the coffee starts.
 */

export function bookingTokenFor(key: Buffer, proposalId: string): string {
  return createHmac('sha256', key).update(`booking-link|${proposalId}`).digest('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Tokens are 43 base64url characters; anything else is not worth a lookup. */
export function looksLikeBookingToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}

export interface ManageClaims {
  userId: string;
  proposalId: string;
  /** Epoch milliseconds after which the link no longer works. */
  expiresAtMs: number;
}

function sign(key: Buffer, payload: string): string {
  return createHmac('sha256', key).update(`manage|${payload}`).digest('base64url');
}

export function manageTokenFor(key: Buffer, claims: ManageClaims): string {
  const payload = Buffer.from(JSON.stringify([claims.userId, claims.proposalId, claims.expiresAtMs])).toString('base64url');
  return `${payload}.${sign(key, payload)}`;
}

export type ManageTokenCheck = { ok: true; claims: ManageClaims } | { ok: false; reason: 'invalid' | 'expired' };

export function verifyManageToken(key: Buffer, token: string, nowMs: number): ManageTokenCheck {
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined) return { ok: false, reason: 'invalid' };
  const expected = Buffer.from(sign(key, payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'invalid' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'invalid' };
  }
  if (!Array.isArray(parsed) || parsed.length !== 3) return { ok: false, reason: 'invalid' };
  const [userId, proposalId, expiresAtMs] = parsed as [unknown, unknown, unknown];
  if (typeof userId !== 'string' || typeof proposalId !== 'string' || typeof expiresAtMs !== 'number') return { ok: false, reason: 'invalid' };
  if (nowMs >= expiresAtMs) return { ok: false, reason: 'expired' };
  return { ok: true, claims: { userId, proposalId, expiresAtMs } };
}
