import { createTransport } from 'nodemailer';
import { MailTransportError, type MailTransport } from '../../core/ports/mail.js';
import { buildMime, messageIdFor } from './mime.js';

/**
 * Sends through the user's own mail provider over SMTP (nodemailer's SMTP client). What is sent
 * is the MIME from mime.ts as it is (`raw`), to exactly one envelope recipient: the headers can
 * never add a recipient, whatever a name or title holds.
 */

export interface SmtpSettings {
  host: string;
  port: number;
  /** `smtps://`: TLS from the first byte (port 465). */
  secure: boolean;
  /** STARTTLS must succeed before anything else is said (always, except on loopback). */
  requireTls: boolean;
  user?: string;
  /** Never logged: the field name is one the logger redacts. */
  password?: string;
}

/** Waits short enough that a dead server fails an attempt well inside the outbox's retry lease. */
const TIMEOUTS = { connectionTimeout: 20_000, greetingTimeout: 20_000, socketTimeout: 60_000 };

export function createSmtpTransport(settings: SmtpSettings): MailTransport {
  const transport = createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    requireTLS: settings.requireTls,
    ...(settings.user ? { auth: { user: settings.user, pass: settings.password ?? '' } } : {}),
    ...TIMEOUTS,
  });
  return {
    name: 'smtp',
    async send(message, from, options = {}) {
      const messageId = options.messageId ?? messageIdFor(message.id, from);
      const raw = await buildMime(message, from, { messageId, date: options.date ?? new Date().toISOString() });
      try {
        const info = await transport.sendMail({ envelope: { from: from.email, to: [message.to.email] }, raw });
        return { messageId: info.messageId ?? messageId };
      } catch (error) {
        throw smtpFailure(error, settings);
      }
    },
  };
}

interface SmtpError {
  code?: string;
  responseCode?: number;
  response?: string;
  permanent?: boolean;
  message?: string;
}

/**
 * RFC 5321: a 4yz reply is transient, a 5yz reply permanent (nodemailer's `permanent` says which,
 * 503 aside). Anything without a reply (the server unreachable, a timeout) is worth another try,
 * and so is a refused login: the person fixes RAPPORT_SMTP_URL and the next attempt goes out.
 */
export function smtpFailure(error: unknown, settings: Pick<SmtpSettings, 'host' | 'port' | 'password'>): MailTransportError {
  const e = (error ?? {}) as SmtpError;
  const where = `${settings.host}:${settings.port}`;
  let words: string;
  let permanent = false;
  if (e.code === 'EAUTH') words = `the SMTP server ${where} refused the user name or password in RAPPORT_SMTP_URL`;
  else if (typeof e.responseCode === 'number') {
    permanent = e.permanent ?? (e.responseCode >= 500 && e.responseCode !== 503);
    words = `the SMTP server ${where} answered ${(e.response ?? String(e.responseCode)).slice(0, 300)}`;
  } else if (e.code === 'ETIMEDOUT') words = `the SMTP server ${where} did not answer in time`;
  else if (e.code === 'ETLS' || e.code === 'EREQUIRETLS') words = `the SMTP server ${where} could not set up TLS (STARTTLS), so nothing was sent`;
  else words = `could not reach the SMTP server ${where} (${e.code ?? e.message ?? 'unknown error'})`;
  // The password cannot be in a server's answer, unless a server echoes it: it never reaches the outbox page.
  if (settings.password) words = words.split(settings.password).join('***');
  return new MailTransportError(words, permanent);
}
