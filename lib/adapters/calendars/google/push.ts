import { randomBytes } from 'node:crypto';
import type { GoogleCalendarClient } from './client.js';
import { GoogleRequestFailed } from './errors.js';

/** Google push channels: `events.watch` and `channels.stop` (tokens: channel-token.ts). */

export interface WatchedChannel {
  id: string;
  resourceId: string;
  expiresAt: string;
}

/** Channel ids: Google allows [A-Za-z0-9\-_\+/=] up to 64 characters. */
export function newChannelId(): string {
  return `rapport-${randomBytes(18).toString('base64url')}`;
}

export async function watchCalendar(client: GoogleCalendarClient, calendarId: string, channel: { id: string; token: string; address: string; expiresAt: string }): Promise<WatchedChannel> {
  const { data } = await client.call(
    'events.watch',
    () =>
      client.api.events.watch({
        calendarId,
        requestBody: { id: channel.id, type: 'web_hook', address: channel.address, token: channel.token, expiration: String(Date.parse(channel.expiresAt)) },
      }),
    // The channel id is ours and unique: a repeat is refused, never a second channel.
    { idempotent: true },
  );
  if (!data.resourceId) throw new GoogleRequestFailed('events.watch', undefined, 'no resourceId in the answer');
  return { id: channel.id, resourceId: data.resourceId, expiresAt: data.expiration ? new Date(Number(data.expiration)).toISOString() : channel.expiresAt };
}

/** Stops a channel; one that is already gone (404) is fine. */
export async function stopChannel(client: GoogleCalendarClient, channel: { id: string; resourceId: string }): Promise<void> {
  try {
    await client.call('channels.stop', () => client.api.channels.stop({ requestBody: { id: channel.id, resourceId: channel.resourceId } }), { idempotent: true });
  } catch (error) {
    if (error instanceof GoogleRequestFailed && error.status === 404) return;
    throw error;
  }
}
