import type { Store } from '../core/ports/store.js';

/**
 * A connected account's address is the user's own: inference must not count the user as a
 * guest of their own meetings. Every provider connect calls this; a second connect of the same
 * account writes nothing.
 */
export async function rememberOwnAddress(store: Store, userId: string, address: string): Promise<void> {
  const own = address.trim().toLowerCase();
  const settings = await store.profiles.get(userId);
  if (!settings || settings.ownerEmails.some((e) => e.toLowerCase() === own)) return;
  await store.profiles.put(userId, { ...settings, ownerEmails: [...settings.ownerEmails, own] });
}
