import { compareText } from './canonical-json.js';
import type { Contact } from './contact.js';

/**
 * Someone met for the first time is worth a note within a day, whatever their tier
 * (DESIGN §3): "good to meet you" lands best while the meeting is fresh. Networking
 * contacts without a tier are prompted too; that is how the user meets them again.
 */

export interface FollowUpPrompt {
  contact: Contact;
  /** firstMetAt plus FOLLOW_UP_WITHIN_DAYS. */
  followUpBy: string;
}

export interface FollowUpOptions {
  /** How long after a first meeting the prompt stays on the dashboard. Default 2 days. */
  windowDays?: number;
}

export const DEFAULT_FOLLOW_UP_WINDOW_DAYS = 2;
/** The seed's advice: follow up within a day of meeting. */
const FOLLOW_UP_WITHIN_DAYS = 1;
const DAY_MS = 86_400_000;

/**
 * People first met in [now - windowDays, now], not ignored, follow-up not yet done; the most
 * recently met first, ties by email.
 */
export function followUpPrompts(contacts: readonly Contact[], now: string, options: FollowUpOptions = {}): FollowUpPrompt[] {
  const windowDays = options.windowDays ?? DEFAULT_FOLLOW_UP_WINDOW_DAYS;
  const nowMs = Date.parse(now);
  const fromMs = nowMs - windowDays * DAY_MS;
  return contacts
    .flatMap((contact) => {
      if (contact.ignored || contact.followUpDoneAt !== undefined || contact.firstMetAt === undefined) return [];
      const metMs = Date.parse(contact.firstMetAt);
      return metMs >= fromMs && metMs <= nowMs ? [{ contact, metMs }] : [];
    })
    .sort((a, b) => b.metMs - a.metMs || compareText(a.contact.email, b.contact.email))
    .map(({ contact, metMs }) => ({ contact, followUpBy: new Date(metMs + FOLLOW_UP_WITHIN_DAYS * DAY_MS).toISOString() }));
}
