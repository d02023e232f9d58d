import { createHash } from 'node:crypto';
import { TRANSACTIONAL_KINDS, type MailAddress, type MailMessage, type MailRecord } from '../core/domain/mail.js';
import { MAIL_ATTEMPT_LEASE_MS, MailTransportError, type Mailer, type MailOutcome, type MailTransport } from '../core/ports/mail.js';
import type { Store } from '../core/ports/store.js';
import type { Logger } from '../runtime/log.js';

/**
 * The mailer: every message is recorded (one conditional write, keyed by what it is about)
 * before any transport is called, then taken for one attempt (a second conditional write, so
 * two workers never both send it), sent, and marked sent. A crash anywhere leaves a record
 * that the next run (the sweep, or the same cause delivered again) finishes; a transport
 * failure is retried with growing waits and ends visible on the outbox page, never silently.
 * Without a transport the message is kept in the outbox, where the user can read it.
 */

export interface MailerOptions {
  store: Pick<Store, 'mail' | 'suppressions'>;
  /** Absent: nothing is sent, every message is kept in the outbox. */
  transport?: MailTransport;
  from: MailAddress;
  now: () => string;
  logger: Logger;
  /** Attempts before a message is left failed for good. Default 6. */
  maxAttempts?: number;
}

/** The first retry waits 5 minutes, each next one four times longer (5 min, 20 min, 80 min, 5 h, 21 h). */
const FIRST_RETRY_MS = 5 * 60_000;

export function retryDelayMs(attemptsMade: number): number {
  return FIRST_RETRY_MS * 4 ** Math.max(0, attemptsMade - 1);
}

/** Stable per user and message, so a resend carries the same Message-ID and mail clients see one message. */
export function messageIdOf(userId: string, messageId: string, from: MailAddress): string {
  const user = createHash('sha256').update(userId).digest('hex').slice(0, 12);
  const domain = from.email.slice(from.email.lastIndexOf('@') + 1);
  return `${messageId}.${user}@${domain}`;
}

const later = (now: string, ms: number) => new Date(Date.parse(now) + ms).toISOString();

/** How long a looked-ahead answer serves: longer than one request's deliveries take, short enough to stay news. */
const LOOK_AHEAD_MS = 60_000;

export function createMailer(options: MailerOptions): Mailer {
  const { store, transport, from, logger } = options;
  const maxAttempts = options.maxAttempts ?? 6;
  /** Addresses looked ahead and found on no suppression list: how many deliveries each answer still serves, and until when. */
  const clear = new Map<string, { uses: number; untilMs: number }>();
  const clearKey = (userId: string, email: string) => `${userId}\n${email.trim().toLowerCase()}`;
  /** Whether a looked-ahead answer says the address is clear (and uses it up). */
  const takeClear = (userId: string, email: string): boolean => {
    const key = clearKey(userId, email);
    const answer = clear.get(key);
    if (!answer) return false;
    if (answer.uses <= 1) clear.delete(key);
    else answer.uses -= 1;
    return answer.untilMs >= Date.parse(options.now());
  };

  /** Why this address gets nothing of this kind, or null. Bounces and complaints stop everything. */
  const suppressedBecause = async (userId: string, message: MailMessage): Promise<string | null> => {
    const reason = await store.suppressions.reasonFor(userId, message.to.email);
    if (reason === 'bounced' || reason === 'complained') return `not sent: mail to ${message.to.email} ${reason === 'bounced' ? 'bounced' : 'was marked as spam'} before`;
    if (reason === 'unsubscribed' && !TRANSACTIONAL_KINDS.includes(message.kind)) return `not sent: ${message.to.email} unsubscribed`;
    return null;
  };

  /** One delivery attempt of a recorded message, if this worker wins it. */
  const attempt = async (record: MailRecord): Promise<MailOutcome> => {
    if (!transport) return 'kept';
    const now = options.now();
    const claimed = await store.mail.claim(record, later(now, MAIL_ATTEMPT_LEASE_MS));
    if (!claimed) return 'already';
    try {
      const sent = await transport.send(claimed.message, from, { messageId: messageIdOf(claimed.userId, claimed.message.id, from), userId: claimed.userId, date: claimed.createdAt });
      const { lastError: _e, retryAt: _r, ...rest } = claimed;
      await store.mail.update({ ...rest, status: 'sent', sentAt: options.now(), transport: transport.name, ...(sent.messageId ? { transportMessageId: sent.messageId } : {}) });
      return 'sent';
    } catch (error) {
      const failure = error instanceof MailTransportError ? error : new MailTransportError(`sending failed unexpectedly (${error instanceof Error ? error.name : 'error'})`, false);
      const retry = !failure.permanent && claimed.attempts < maxAttempts;
      const { retryAt: _r, ...rest } = claimed;
      await store.mail.update({ ...rest, status: 'failed', lastError: failure.message, transport: transport.name, ...(retry ? { retryAt: later(options.now(), retryDelayMs(claimed.attempts)) } : {}) });
      logger.warn(retry ? 'a message could not be sent; it will be tried again' : 'a message could not be sent', {
        userId: claimed.userId,
        mailId: claimed.message.id,
        attempts: claimed.attempts,
        reason: failure.message,
      });
      return 'failed';
    }
  };

  /** Still owed and due now: never started, a crashed attempt whose lease ran out, or a failure due for its retry. */
  const owedNow = (record: MailRecord, now: string): boolean =>
    (record.status === 'pending' || (record.status === 'failed' && record.retryAt !== undefined)) && (record.retryAt === undefined || record.retryAt <= now);

  return {
    sends: transport !== undefined,

    async deliver(userId, message) {
      const now = options.now();
      let record: MailRecord = { userId, message, status: transport ? 'pending' : 'kept', createdAt: now, attempts: 0 };
      // Almost no address is suppressed: recorded on the condition that this one is not (one
      // small read, unless looked ahead). Only a suppressed address costs the read of why, which
      // decides what is recorded.
      let recorded = await store.mail.record(record, takeClear(userId, message.to.email) ? {} : { unlessSuppressed: message.to.email });
      if (recorded === 'suppressed') {
        const suppressed = await suppressedBecause(userId, message);
        if (suppressed) record = { ...record, status: 'suppressed', lastError: suppressed };
        recorded = await store.mail.record(record);
      }
      const suppressed = record.status === 'suppressed';
      if (recorded === 'exists') {
        const stored = await store.mail.get(userId, message.id);
        // Recorded before and not finished (a crash between recording and sending): finish it now.
        return stored && owedNow(stored, now) ? attempt(stored) : 'already';
      }
      if (suppressed) return 'suppressed';
      return attempt(record);
    },

    async lookAhead(userId, addresses) {
      const nowMs = Date.parse(options.now());
      for (const [key, answer] of clear) if (answer.untilMs < nowMs) clear.delete(key);
      const suppressed = await store.suppressions.reasonsFor(userId, addresses);
      // A suppressed address is left to its delivery's own read, which says why in the record.
      for (const address of addresses) {
        if (suppressed.has(address.trim().toLowerCase())) continue;
        const key = clearKey(userId, address);
        clear.set(key, { uses: (clear.get(key)?.uses ?? 0) + 1, untilMs: nowMs + LOOK_AHEAD_MS });
      }
    },

    async finish(userId, freshness = { eventual: true }) {
      if (!transport) return { sent: 0, failed: 0 };
      const now = options.now();
      // The sweep's common case reads a replica's copy (half the units); a sweep woken for new mail asks for the latest.
      const { due, laterAt } = await store.mail.owed(userId, now, freshness);
      const owed = due.filter((record) => owedNow(record, now));
      let sent = 0;
      let failed = 0;
      for (const record of owed) {
        const outcome = await attempt(record);
        if (outcome === 'sent') sent++;
        if (outcome === 'failed') failed++;
      }
      // A message failing now has pulled the sweep for its retry itself (adapters/store/mail.ts).
      return { sent, failed, ...(laterAt && { laterAt }) };
    },
  };
}
