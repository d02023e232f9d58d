import { randomBytes } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { feedTokenFor, verifyFeedToken } from '../../../../lib/adapters/calendars/rapport/feed-token.js';

const key = randomBytes(32);

describe('feed tokens', () => {
  test('a token names its user and generation, and only under the key that made it', () => {
    const token = feedTokenFor(key, 'user-1', 3);
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.3\.[A-Za-z0-9_-]{43}$/);
    expect(verifyFeedToken(key, token)).toEqual({ userId: 'user-1', generation: 3 });
    expect(verifyFeedToken(randomBytes(32), token)).toBeNull();
  });

  test('changing the user, the generation or the signature makes it worthless', () => {
    const [user, , signature] = feedTokenFor(key, 'user-1', 0).split('.') as [string, string, string];
    const other = Buffer.from('user-2').toString('base64url');
    const flipped = (signature[0] === 'A' ? 'B' : 'A') + signature.slice(1);
    expect(verifyFeedToken(key, `${other}.0.${signature}`)).toBeNull();
    expect(verifyFeedToken(key, `${user}.1.${signature}`)).toBeNull();
    expect(verifyFeedToken(key, `${user}.0.${flipped}`)).toBeNull();
    expect(verifyFeedToken(key, `${user}.00.${signature}`)).toBeNull();
    // 32 bytes in 43 characters leave two spare bits in the last one: flipping one is another
    // spelling of the same bytes, and is refused too.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const respelled = signature.slice(0, -1) + alphabet[alphabet.indexOf(signature.at(-1)!) ^ 1];
    expect(Buffer.from(respelled, 'base64url')).toEqual(Buffer.from(signature, 'base64url'));
    expect(verifyFeedToken(key, `${user}.0.${respelled}`)).toBeNull();
  });

  test('malformed tokens are refused without throwing', () => {
    for (const token of ['', '...', 'a.b.c', 'x.0.short', `${'a'.repeat(500)}.0.${'b'.repeat(43)}`, 'dXNlcg.0.' + '+'.repeat(43)]) {
      expect(verifyFeedToken(key, token)).toBeNull();
    }
  });
});
