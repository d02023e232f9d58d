import { displayNameFrom } from '../core/domain/settings.js';
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

/**
 * The connected account's name becomes the user's display name when they have none yet: a
 * name the user typed (or cleared and typed again) is never overwritten by a later connect.
 */
export async function rememberAccountName(store: Store, userId: string, providerName: string | undefined): Promise<void> {
  const name = displayNameFrom(providerName);
  if (!name) return;
  const settings = await store.profiles.get(userId);
  if (!settings || settings.displayName) return;
  await store.profiles.put(userId, { ...settings, displayName: name });
}
