import type { Contact } from './contact.js';

/**
 * When a tracked contact is really due: the later of `nextDueAt` and the end of a snooze.
 * Null when the contact is not tracked (ignored, no tier, or nothing to be due from).
 * The store indexes contacts by this value, so the due list never needs a scan.
 */
export function effectiveDueAt(contact: Pick<Contact, 'ignored' | 'tier' | 'nextDueAt' | 'snoozedUntil'>): string | null {
  if (contact.ignored || contact.tier === null || contact.nextDueAt === null) return null;
  const snooze = contact.snoozedUntil;
  return snooze && snooze > contact.nextDueAt ? snooze : contact.nextDueAt;
}
