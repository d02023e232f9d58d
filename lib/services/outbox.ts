import type { MailRecord } from '../core/domain/mail.js';
import type { Store } from '../core/ports/store.js';

/** The user's outbox as the dashboard shows it: their own messages only, newest first. */

export const OUTBOX_PAGE_SIZE = 50;

export function listOutbox(store: Pick<Store, 'mail'>, userId: string): Promise<MailRecord[]> {
  return store.mail.list(userId, OUTBOX_PAGE_SIZE);
}

/** One of the user's messages; null for an id that is not theirs (another user's is not even looked at). */
export function outboxMessage(store: Pick<Store, 'mail'>, userId: string, id: string): Promise<MailRecord | null> {
  return store.mail.get(userId, id);
}
