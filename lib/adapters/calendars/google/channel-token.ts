import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Google push channel tokens, derived from our signing key and the channel id, so nothing
 * secret is stored: a notification is genuine when its X-Goog-Channel-Token equals
 * HMAC(key, channel id). No SDK here: the webhook judges notifications without loading one.
 */

export function channelTokenFor(key: Buffer, channelId: string): string {
  return createHmac('sha256', key).update(`google-channel:${channelId}`).digest('base64url');
}

export function isGenuineChannelToken(key: Buffer, channelId: string, token: string | undefined): boolean {
  if (!token) return false;
  const expected = Buffer.from(channelTokenFor(key, channelId));
  const given = Buffer.from(token);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
