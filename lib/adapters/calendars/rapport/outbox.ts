import type { OwnCalendarEvent } from '../../../core/domain/own-calendar-event.js';

/**
 * Where the invitations of Rapport's own calendar go. A provider calendar sends its own
 * invitations; Rapport's calendar hands each one (an iTIP message, RFC 5546) to an outbox,
 * which mails it (mail-outbox.ts: recorded once per revision, sent or kept by the mailer).
 */

export interface InvitationMessage {
  method: 'REQUEST' | 'CANCEL';
  /** The coffee as the guest should see it (never a hold: holds are the user's private notes). */
  event: OwnCalendarEvent;
  to: { email: string; name?: string };
}

export interface InvitationOutbox {
  /**
   * Idempotent per revision: the same method for the same event revision (id, sequence) is
   * delivered once however often it is handed over, so a writer can resend after a crash.
   */
  send(message: InvitationMessage): Promise<void>;
}

export class InvitationRefused extends Error {
  override name = 'InvitationRefused';
}
