import type { MailSuppressionRepository } from '../core/ports/mail.js';

/**
 * SES reports what became of sent mail through the configuration set's event destination (an
 * SNS topic): a permanent bounce or a complaint puts the address on the sending user's
 * suppression list, so Rapport never writes to it again (SES "Event publishing": `eventType`
 * Bounce / Complaint, `bounce.bounceType`, `bounce.bouncedRecipients[].emailAddress`,
 * `complaint.complainedRecipients[]`, `mail.tags` with the tags the message was sent with).
 */

/** The tag the SES transport puts on every message (adapters/mail/ses.ts: USER_TAG). */
const USER_TAG = 'rapport-user';

interface SesEvent {
  eventType?: string;
  notificationType?: string;
  bounce?: { bounceType?: string; bouncedRecipients?: { emailAddress?: string }[]; timestamp?: string };
  complaint?: { complainedRecipients?: { emailAddress?: string }[]; timestamp?: string };
  mail?: { tags?: Record<string, string[] | undefined>; timestamp?: string };
}

export interface Suppression {
  userId: string;
  email: string;
  reason: 'bounced' | 'complained';
  at: string;
}

/** What one SES event asks to suppress; nothing for a transient bounce, a delivery, or a message not sent by Rapport. */
export function suppressionsOf(messageText: string, now: string): Suppression[] {
  let event: SesEvent;
  try {
    event = JSON.parse(messageText) as SesEvent;
  } catch {
    return [];
  }
  const userId = event.mail?.tags?.[USER_TAG]?.[0];
  if (!userId) return [];
  const type = event.eventType ?? event.notificationType;
  const emails = (list: { emailAddress?: string }[] | undefined) => (list ?? []).flatMap((r) => (r.emailAddress ? [r.emailAddress.toLowerCase()] : []));
  if (type === 'Bounce' && event.bounce?.bounceType === 'Permanent') {
    return emails(event.bounce.bouncedRecipients).map((email) => ({ userId, email, reason: 'bounced', at: event.bounce?.timestamp ?? now }));
  }
  if (type === 'Complaint') {
    return emails(event.complaint?.complainedRecipients).map((email) => ({ userId, email, reason: 'complained', at: event.complaint?.timestamp ?? now }));
  }
  return [];
}

export async function recordMailEvents(store: { suppressions: MailSuppressionRepository }, messages: readonly string[], now: string): Promise<number> {
  const all = messages.flatMap((message) => suppressionsOf(message, now));
  for (const s of all) await store.suppressions.add(s.userId, s.email, s.reason, s.at);
  return all.length;
}
