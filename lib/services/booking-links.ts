import { createCipheriv, createDecipheriv, createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Booking links and the guest's manage links.
 *
 * A booking token carries its proposal, sealed: the user and proposal ids encrypted and
 * authenticated with AES-256-GCM under a key derived from the server key. Nobody can make,
 * alter or read one without that key: a forwarded link tells its holder nothing about the host
 * or the contact (a proposal id is a digest of the contact's address and a day, which could be
 * checked against guesses were it shown). Its 96-bit nonce is an HMAC of what it seals, so
 * sealing is deterministic: the server derives the same token again (the dashboard shows a
 * proposal's link again, overlapping proposer runs agree on it), and two different ids never
 * share a nonce. A guest's page opens it and reads the proposal straight away, without a
 * lookup first (one DynamoDB round trip fewer on every page view and booking).
 * The SHA-256 of the token is stored as well, as links of earlier releases were only that: a
 * 43-character HMAC of the proposal id, found by its hash. That lookup still opens those, and
 * sealed tokens that no longer open because the server key changed since.
 *
 * A manage token (reschedule / cancel from the confirmation) is signed and expiring: it names
 * the user and proposal and is valid until the coffee starts.
 */

/** What a booking token opens. */
export interface BookingLinkRef {
  userId: string;
  proposalId: string;
}

/** Ids a sealed token can carry: URL-safe, without the separator. */
const TOKEN_ID = /^[A-Za-z0-9_-]{1,64}$/;
/** Both token forms: 43 characters (an earlier release's), or nonce, sealed ids and tag (42 to 212). */
const TOKEN = /^[A-Za-z0-9_-]{42,212}$/;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/** The sealing keys, derived once per server key. */
const sealingKeys = new WeakMap<Buffer, { cipher: Buffer; nonce: Buffer }>();
function sealingKeysOf(key: Buffer): { cipher: Buffer; nonce: Buffer } {
  let keys = sealingKeys.get(key);
  if (!keys) {
    keys = { cipher: createHmac('sha256', key).update('booking-link|seal').digest(), nonce: createHmac('sha256', key).update('booking-link|nonce').digest() };
    sealingKeys.set(key, keys);
  }
  return keys;
}

/** The link token of a proposal: sealed; the earlier form where an id could not be carried. */
export function bookingTokenFor(key: Buffer, ref: BookingLinkRef): string {
  if (!TOKEN_ID.test(ref.userId) || !TOKEN_ID.test(ref.proposalId)) return legacyBookingTokenFor(key, ref.proposalId);
  const keys = sealingKeysOf(key);
  const plain = Buffer.from(`${ref.userId}.${ref.proposalId}`);
  const nonce = createHmac('sha256', keys.nonce).update(plain).digest().subarray(0, NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', keys.cipher, nonce);
  const sealed = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([nonce, sealed, cipher.getAuthTag()]).toString('base64url');
}

/** Earlier releases' token: HMAC of the proposal id alone, opened only through its stored hash. */
export function legacyBookingTokenFor(key: Buffer, proposalId: string): string {
  return createHmac('sha256', key).update(`booking-link|${proposalId}`).digest('base64url');
}

/** The proposal a sealed token carries, when it opens with `key`; else null (altered, another key's, or not sealed). */
export function sealedBookingRef(key: Buffer, token: string): BookingLinkRef | null {
  if (!TOKEN.test(token)) return null;
  const bytes = Buffer.from(token, 'base64url');
  // One spelling per token: base64's spare low bits in the last character must be zero.
  if (bytes.length <= NONCE_BYTES + TAG_BYTES || bytes.toString('base64url') !== token) return null;
  const nonce = bytes.subarray(0, NONCE_BYTES);
  const keys = sealingKeysOf(key);
  let plain: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-gcm', keys.cipher, nonce);
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    plain = Buffer.concat([decipher.update(bytes.subarray(NONCE_BYTES, bytes.length - TAG_BYTES)), decipher.final()]);
  } catch {
    return null;
  }
  // Only the server's own sealing has this nonce for these bytes.
  if (!timingSafeEqual(createHmac('sha256', keys.nonce).update(plain).digest().subarray(0, NONCE_BYTES), nonce)) return null;
  const [userId, proposalId, extra] = plain.toString('utf8').split('.');
  if (extra !== undefined || !userId || !proposalId || !TOKEN_ID.test(userId) || !TOKEN_ID.test(proposalId)) return null;
  return { userId, proposalId };
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A token of either form, by its shape alone; anything else is not worth a lookup. */
export function looksLikeBookingToken(token: string): boolean {
  return TOKEN.test(token);
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
