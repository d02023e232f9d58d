import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Booking links and the guest's manage links.
 *
 * A booking token names its proposal and is signed: `<user id>.<proposal id>.<signature>`, the
 * signature HMAC-SHA256(server key, both ids), 256 bits nobody can guess or derive without the
 * key. It is re-derivable by the server, so the dashboard can show a proposal's link again and
 * overlapping proposer runs agree on it; and a guest's page reads the proposal straight away,
 * without a lookup first (one DynamoDB round trip fewer on every page view and booking).
 * The SHA-256 of the token is stored as well, as links of earlier releases were only that: a
 * 43-character HMAC of the proposal id, found by its hash. That lookup still opens those, and
 * signed tokens whose signature no longer checks because the server key changed since.
 *
 * A manage token (reschedule / cancel from the confirmation) is signed and expiring: it names
 * the user and proposal and is valid until the coffee starts.
 */

/** What a booking token opens. */
export interface BookingLinkRef {
  userId: string;
  proposalId: string;
}

/** Ids a signed token can carry as they are: URL-safe, without the separator. */
const TOKEN_ID = /^[A-Za-z0-9_-]{1,64}$/;
const SIGNATURE = /^[A-Za-z0-9_-]{43}$/;

function bookingSignature(key: Buffer, userId: string, proposalId: string): string {
  return createHmac('sha256', key).update(`booking-link|${userId}|${proposalId}`).digest('base64url');
}

/** The link token of a proposal: signed and naming it; the earlier form where an id could not be carried. */
export function bookingTokenFor(key: Buffer, ref: BookingLinkRef): string {
  if (!TOKEN_ID.test(ref.userId) || !TOKEN_ID.test(ref.proposalId)) return legacyBookingTokenFor(key, ref.proposalId);
  return `${ref.userId}.${ref.proposalId}.${bookingSignature(key, ref.userId, ref.proposalId)}`;
}

/** Earlier releases' token: HMAC of the proposal id alone, opened only through its stored hash. */
export function legacyBookingTokenFor(key: Buffer, proposalId: string): string {
  return createHmac('sha256', key).update(`booking-link|${proposalId}`).digest('base64url');
}

/** The proposal a signed token names, when its signature checks with `key`; else null. */
export function signedBookingRef(key: Buffer, token: string): BookingLinkRef | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const [userId, proposalId, signature] = parts as [string, string, string];
  if (!TOKEN_ID.test(userId) || !TOKEN_ID.test(proposalId) || !SIGNATURE.test(signature)) return null;
  const expected = Buffer.from(bookingSignature(key, userId, proposalId));
  return timingSafeEqual(expected, Buffer.from(signature)) ? { userId, proposalId } : null;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A token of either form, by its shape alone; anything else is not worth a lookup. */
export function looksLikeBookingToken(token: string): boolean {
  if (SIGNATURE.test(token)) return true;
  const parts = token.split('.');
  return parts.length === 3 && TOKEN_ID.test(parts[0]!) && TOKEN_ID.test(parts[1]!) && SIGNATURE.test(parts[2]!);
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
