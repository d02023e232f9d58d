/**
 * A message Rapport owes someone, fully composed: the subject and bodies are final text (the
 * composers escape untrusted parts for HTML and keep header fields single-line), so the
 * delivery side only encodes and sends. What a message is about fixes its id, and the id is
 * what makes delivery exactly-once: the same cause never makes two messages.
 */

export const MAIL_KINDS = ['invitation', 'host-alert', 'booking-link', 'digest', 'follow-up'] as const;
export type MailKind = (typeof MAIL_KINDS)[number];

/** Invitations and host alerts are transactional (the person is part of the coffee): no unsubscribe link, and an opt-out does not stop them. */
export const TRANSACTIONAL_KINDS: readonly MailKind[] = ['invitation', 'host-alert'];

export interface MailAddress {
  /** Lowercased, validated (core/domain/email-address.ts). */
  email: string;
  /** Untrusted display text; the transport encodes it (RFC 2047), never pastes it into a header. */
  name?: string;
}

/** An iMIP part (RFC 6047): sent as `text/calendar; method=…` inside the message and as an `.ics` attachment. */
export interface CalendarPart {
  method: 'REQUEST' | 'CANCEL';
  /** The iCalendar object, with the same METHOD inside. */
  ics: string;
}

export interface MailMessage {
  /**
   * Deterministic, from what the message is about, e.g. `invite.<eventId>.<sequence>.REQUEST`,
   * `digest.<ISO week>`, `follow-up.<local date>`, `link.<proposalId>`. Characters: [A-Za-z0-9._-],
   * at most 200. Unique per user.
   */
  id: string;
  kind: MailKind;
  to: MailAddress;
  /** Where replies go (an invitation's organizer, so an iMIP REPLY or a plain answer reaches the host); the From stays Rapport's sending address. */
  replyTo?: MailAddress;
  /** One line; the composer has removed line breaks. */
  subject: string;
  text: string;
  html: string;
  calendar?: CalendarPart;
  /** RFC 8058 one-click unsubscribe (https link that accepts the POST); absent on transactional kinds. */
  unsubscribeUrl?: string;
}

const MAIL_ID = /^[A-Za-z0-9._-]{1,200}$/;

export function isValidMailId(id: string): boolean {
  return MAIL_ID.test(id);
}

/**
 * Where a message stands: kept (no transport configured: it waits in the outbox to be read
 * there), sent, still owed (pending; failed with a retry planned), failed for good (failed, no
 * retry), or suppressed (the address bounced, complained or unsubscribed: recorded, not sent).
 */
export type MailStatus = 'pending' | 'sent' | 'kept' | 'failed' | 'suppressed';

/** The outbox's record of one message: written (conditionally, by id) before any transport is called. */
export interface MailRecord {
  userId: string;
  message: MailMessage;
  status: MailStatus;
  createdAt: string;
  /** Delivery attempts made so far. */
  attempts: number;
  sentAt?: string;
  /** Which transport took it ('smtp', 'ses') and the id it gave. */
  transport?: string;
  transportMessageId?: string;
  /** The last failure, in words a person can act on (never a stack trace, never a secret). */
  lastError?: string;
  /** A failed message is tried again from this instant; absent when it will not be (permanent failure, or out of attempts). */
  retryAt?: string;
}
