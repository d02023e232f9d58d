import type { UserSettings } from '../core/domain/settings.js';
import type { Store } from '../core/ports/store.js';
import { UserNotFound } from './user-data-errors.js';

/** The user's profile (their settings): read, saved, and the suggestions feed's address renewed. */

export async function loadSettings(store: Pick<Store, 'profiles'>, userId: string): Promise<UserSettings> {
  const settings = await store.profiles.get(userId);
  if (!settings) throw new UserNotFound(`No settings stored for user ${userId}`);
  return settings;
}

/** `settings` arrive validated (the settings form's schema). */
export function saveSettings(store: Pick<Store, 'profiles'>, userId: string, settings: UserSettings): Promise<void> {
  return store.profiles.put(userId, settings);
}

/** A new feed address; the old one answers 404 from then on (for a link that leaked). */
export async function renewFeedAddress(store: Pick<Store, 'profiles'>, userId: string): Promise<void> {
  const settings = await loadSettings(store, userId);
  await store.profiles.put(userId, { ...settings, feedGeneration: (settings.feedGeneration ?? 0) + 1 });
}
