import { createHmac, timingSafeEqual } from 'node:crypto';

/** The secret each Graph subscription carries back in its notifications: derived, never stored. */
export function clientStateFor(signingKey: Buffer, userId: string, connectionId: string): string {
  return createHmac('sha256', signingKey).update(`graph-client-state|${userId}|${connectionId}`).digest('base64url');
}

export function isGenuineClientState(signingKey: Buffer, userId: string, connectionId: string, given: string | null | undefined): boolean {
  const expected = Buffer.from(clientStateFor(signingKey, userId, connectionId));
  const actual = Buffer.from(given ?? '');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
