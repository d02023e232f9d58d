import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { bookingTokenFor, legacyBookingTokenFor, looksLikeBookingToken, signedBookingRef } from '../../lib/services/booking-links.js';

const key = randomBytes(32);
const ref = { userId: 'u_Zx9-QmT4kd2LwYp0aBcDeF', proposalId: 'C4VJ8P3G0S1M2N5Q6R7T8U9V0A1B2C3D' };

describe('booking link tokens', () => {
  it('a token names its proposal, and its signature makes it the server\'s own', () => {
    const token = bookingTokenFor(key, ref);
    expect(token.startsWith(`${ref.userId}.${ref.proposalId}.`)).toBe(true);
    expect(looksLikeBookingToken(token)).toBe(true);
    expect(signedBookingRef(key, token)).toEqual(ref);
    // Re-derivable: the dashboard and overlapping proposer runs make the same link.
    expect(bookingTokenFor(key, ref)).toBe(token);
  });

  it('another proposal, another user, a changed signature or another key open nothing', () => {
    const token = bookingTokenFor(key, ref);
    const signature = token.split('.')[2]!;
    expect(signedBookingRef(key, `${ref.userId}.${'D'.repeat(32)}.${signature}`)).toBeNull();
    expect(signedBookingRef(key, `u_someoneElse.${ref.proposalId}.${signature}`)).toBeNull();
    const flipped = signature[0] === 'A' ? `B${signature.slice(1)}` : `A${signature.slice(1)}`;
    expect(signedBookingRef(key, `${ref.userId}.${ref.proposalId}.${flipped}`)).toBeNull();
    expect(signedBookingRef(randomBytes(32), token)).toBeNull();
  });

  it('an id a token cannot carry as it is gets the earlier form, found by its stored hash', () => {
    const odd = { userId: 'user with spaces', proposalId: 'p1' };
    const token = bookingTokenFor(key, odd);
    expect(token).toBe(legacyBookingTokenFor(key, 'p1'));
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(signedBookingRef(key, token)).toBeNull();
    expect(looksLikeBookingToken(token)).toBe(true);
  });

  it('anything else is not worth a lookup', () => {
    for (const junk of ['', 'abc', 'a.b', 'a.b.c', `${ref.userId}.${ref.proposalId}.${'x'.repeat(42)}`, `a.b.${'x'.repeat(43)}.d`, `<script>.b.${'x'.repeat(43)}`, 'x'.repeat(44)]) {
      expect(looksLikeBookingToken(junk), junk).toBe(false);
      expect(signedBookingRef(key, junk), junk).toBeNull();
    }
  });
});
