import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { unsubscribeTokenFor, verifyUnsubscribeToken } from '../../lib/services/unsubscribe-tokens.js';

const KEY = randomBytes(32);
const CLAIMS = { userId: 'u-1', email: 'jane@example.com', scope: 'booking-link' } as const;

describe('unsubscribe tokens', () => {
  it('name the user, the recipient and the kind of mail, and verify with the key that signed them', () => {
    const token = unsubscribeTokenFor(KEY, { ...CLAIMS, email: 'Jane@Example.com' });
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(verifyUnsubscribeToken(KEY, token)).toEqual(CLAIMS);
  });

  it('cannot be turned to another address or user, or used with another key', () => {
    const token = unsubscribeTokenFor(KEY, CLAIMS);
    const [, signature] = token.split('.');
    const otherPayload = Buffer.from(JSON.stringify(['u-1', 'mallory@example.com', 'booking-link'])).toString('base64url');
    expect(verifyUnsubscribeToken(KEY, `${otherPayload}.${signature}`)).toBeNull();
    expect(verifyUnsubscribeToken(randomBytes(32), token)).toBeNull();
    for (const bad of ['', '.', 'abc', 'a.b.c', `${token}x`, token.slice(0, -1), 'x'.repeat(3_000)]) expect(verifyUnsubscribeToken(KEY, bad), bad.slice(0, 20)).toBeNull();
  });

  it('refuses a signed payload of the wrong shape (an unknown scope)', () => {
    const payload = Buffer.from(JSON.stringify(['u-1', 'jane@example.com', 'everything'])).toString('base64url');
    const signature = createHmac('sha256', KEY).update(`unsubscribe|${payload}`).digest('base64url');
    expect(verifyUnsubscribeToken(KEY, `${payload}.${signature}`)).toBeNull();
  });
});
