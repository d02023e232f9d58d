import type { MailAddress, MailMessage, MailRecord } from '../domain/mail.js';
import type { ReadOptions } from './store.js';

/**
 * Mail, as the services see it: a transport that can send one composed message (SMTP
 * locally, SES in the cloud), an outbox repository that records every message before it is
 * sent, and the mailer that joins them with the exactly-once rule.
 */

export interface MailTransport {
  /** Shown on the outbox page and recorded on sent messages: 'smtp' or 'ses'. */
  readonly name: string;
  /**
   * Sends one message; resolves with the transport's message id. Throws `MailTransportError`.
   * `options.messageId`: the Message-ID header (the mailer derives it from the user and the
   * message id, so a resend is recognisably the same message); `options.userId` tags the
   * message so a bounce or complaint can be traced back to the user's suppression list.
   */
  send(message: MailMessage, from: MailAddress, options?: SendOptions): Promise<{ messageId?: string }>;
}

export interface SendOptions {
  messageId?: string;
  userId?: string;
  /** The Date header: the message's own time (when it was recorded), so every send of it is the same bytes. */
  date?: string;
}

/** A transport refused or failed; `permanent` failures (a 5xx, a rejected address) are not retried. */
export class MailTransportError extends Error {
  override name = 'MailTransportError';
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
  }
}

/**
 * How long one delivery attempt owns a message: past it, a crashed attempt's message is owed
 * again. The mailer claims with it; the store wakes the sweep when it runs out.
 */
export const MAIL_ATTEMPT_LEASE_MS = 10 * 60_000;

export interface MailRepository {
  /**
   * Records a new message unless one with its id exists for the user (the record's
   * conditional write decides); says which. With `unlessSuppressed`, also only while that
   * address is not on the user's suppression list ('suppressed', nothing written): one read of
   * that address's entry, not of the list.
   */
  record(record: MailRecord, options?: { unlessSuppressed?: string }): Promise<'created' | 'exists' | 'suppressed'>;
  get(userId: string, id: string): Promise<MailRecord | null>;
  /** The user's outbox, newest first. */
  list(userId: string, limit?: number): Promise<MailRecord[]>;
  /**
   * Messages owed now (`due`: pending, a crash between record and send, or failed with a retry
   * due by `now`), and the earliest time after `now` another falls owed (a retry not yet due, an
   * attempt whose lease runs), if any: when the sweep must come back for the outbox.
   */
  owed(userId: string, now: string, options?: ReadOptions): Promise<{ due: MailRecord[]; laterAt?: string }>;
  /**
   * Takes the message, as the caller read or recorded it, for one delivery attempt, if it is
   * still owed and nobody took it since (one conditional write, no read first): returns it with
   * attempts + 1 and owed again from `until` should this attempt never report back (a crash);
   * null when another worker has it or it is finished.
   */
  claim(record: MailRecord, until: string): Promise<MailRecord | null>;
  /**
   * Replaces the record's delivery fields (status, attempts, sentAt, lastError, retryAt, transport),
   * if its stored attempts are still `expectedAttempts` (default: the record's own); 'stale' when a
   * later attempt owns it.
   */
  update(record: MailRecord, expectedAttempts?: number): Promise<'updated' | 'stale'>;
}

/** What became of a message handed to the mailer. */
export type MailOutcome = 'sent' | 'kept' | 'failed' | 'suppressed' | 'already';

export interface Mailer {
  /** True when a transport is configured (the pages say "emailed" only then). */
  readonly sends: boolean;
  /**
   * Records the message (once per id) and sends it. A message already recorded is not sent
   * again ('already'), unless it was left unfinished, in which case this call finishes it.
   */
  deliver(userId: string, message: MailMessage): Promise<MailOutcome>;
  /**
   * Reads in one request whether each address is on the user's suppression list, for messages
   * about to go to them (a booking mails the guest and the host): each answer spares the next
   * `deliver` to that address its own read, if it comes within a minute.
   */
  lookAhead(userId: string, addresses: readonly string[]): Promise<void>;
  /**
   * Finishes the user's unfinished messages (the sweep calls this). `laterAt`: the earliest time
   * another message falls owed, if one will (options: how fresh the outbox must be read).
   */
  finish(userId: string, options?: ReadOptions): Promise<{ sent: number; failed: number; laterAt?: string }>;
}

/** Addresses that asked for no more mail from one user's Rapport (one-click unsubscribe), or that bounced or complained. */
export interface MailSuppressionRepository {
  /** Why the address is suppressed, or null when it is not. */
  reasonFor(userId: string, email: string): Promise<'unsubscribed' | 'bounced' | 'complained' | null>;
  /** The suppressed ones among `emails` (lower case) with why, in one request. */
  reasonsFor(userId: string, emails: readonly string[]): Promise<Map<string, 'unsubscribed' | 'bounced' | 'complained'>>;
  add(userId: string, email: string, reason: 'unsubscribed' | 'bounced' | 'complained', at: string): Promise<void>;
  /** The user sees on the contact that the guest opted out. */
  list(userId: string): Promise<{ email: string; reason: string; at: string }[]>;
}
