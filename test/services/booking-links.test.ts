import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { bookingTokenFor, legacyBookingTokenFor, looksLikeBookingToken, sealedBookingRef } from '../../lib/services/booking-links.js';

const key = randomBytes(32);
const ref = { userId: 'u_Zx9-QmT4kd2LwYp0aBcDeF', proposalId: 'C4VJ8P3G0S1M2N5Q6R7T8U9V0A1B2C3D' };

/** The token with one character changed at `at` (to another URL-safe one). */
function altered(token: string, at: number): string {
  const c = token[at] === 'A' ? 'B' : 'A';
  return token.slice(0, at) + c + token.slice(at + 1);
}

describe('booking link tokens', () => {
  it('a token carries its proposal sealed: it opens with the server key, and shows neither id', () => {
    const token = bookingTokenFor(key, ref);
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(token).not.toContain(ref.userId);
    expect(token).not.toContain(ref.proposalId);
    expect(Buffer.from(token, 'base64url').toString('latin1')).not.toContain(ref.proposalId);
    expect(looksLikeBookingToken(token)).toBe(true);
    expect(sealedBookingRef(key, token)).toEqual(ref);
    // Re-derivable: the dashboard and overlapping proposer runs make the same link.
    expect(bookingTokenFor(key, ref)).toBe(token);
    expect(bookingTokenFor(key, { ...ref, proposalId: 'D4VJ8P3G0S1M2N5Q6R7T8U9V0A1B2C3D' })).not.toBe(token);
  });

  it('a token altered anywhere, or opened with another key, opens nothing', () => {
    const token = bookingTokenFor(key, ref);
    for (const at of [0, 5, 11, 12, 20, token.length - 17, token.length - 1]) expect(sealedBookingRef(key, altered(token, at)), `at ${at}`).toBeNull();
    expect(sealedBookingRef(key, token.slice(0, -1))).toBeNull();
    expect(sealedBookingRef(randomBytes(32), token)).toBeNull();
  });

  it('an id a token cannot carry gets the earlier form, found by its stored hash', () => {
    const odd = { userId: 'user with spaces', proposalId: 'p1' };
    const token = bookingTokenFor(key, odd);
    expect(token).toBe(legacyBookingTokenFor(key, 'p1'));
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(sealedBookingRef(key, token)).toBeNull();
    expect(looksLikeBookingToken(token)).toBe(true);
  });

  it('the shortest ids make a token of the shortest accepted length; anything else is not worth a lookup', () => {
    const short = bookingTokenFor(key, { userId: 'a', proposalId: 'b' });
    expect(short).toHaveLength(42);
    expect(sealedBookingRef(key, short)).toEqual({ userId: 'a', proposalId: 'b' });
    for (const junk of ['', 'abc', 'a.b.c', 'x'.repeat(41), 'x'.repeat(213), `${'x'.repeat(40)}.b`, `<script>${'x'.repeat(40)}`]) {
      expect(looksLikeBookingToken(junk), junk).toBe(false);
      expect(sealedBookingRef(key, junk), junk).toBeNull();
    }
  });
});
