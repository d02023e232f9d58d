import { isEmailAddress } from '../core/domain/email-address.js';
import type { MailAddress } from '../core/domain/mail.js';
import type { UserSettings } from '../core/domain/settings.js';

/**
 * Who a user is in their own messages: their first address, and their display name when the
 * settings carry one (a `displayName` setting may not exist on older profiles; read defensively).
 */
export function displayNameOf(settings: UserSettings): string | undefined {
  const name = (settings as { displayName?: unknown }).displayName;
  return typeof name === 'string' && name.trim() !== '' ? name.trim() : undefined;
}

/** The user's own mailbox, or null when their settings hold no address fit for a header. */
export function userMailbox(settings: UserSettings): MailAddress | null {
  const email = settings.ownerEmails[0];
  if (!email || !isEmailAddress(email)) return null;
  const name = displayNameOf(settings);
  return name ? { email, name } : { email };
}
