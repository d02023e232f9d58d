import MailComposer from 'nodemailer/lib/mail-composer';
import type { MailAddress, MailMessage } from '../../core/domain/mail.js';

/**
 * One composed message as MIME (RFC 5322), built by nodemailer's MailComposer: display names
 * and the subject RFC 2047-encoded, text and HTML as multipart/alternative, and for an iMIP
 * message (RFC 6047) a `text/calendar; method=…` alternative plus the same `.ics` attached.
 * The SMTP and SES transports send these bytes, and the outbox page offers them as `.eml`, so
 * what a person downloads is what would be (or was) sent.
 */

export interface MimeOptions {
  /** The Message-ID, without angle brackets: stable per message, so a resend is the same message. */
  messageId: string;
  /** The Date header: the message's own time, so the bytes do not change between sends. */
  date: string;
}

/**
 * Header text from untrusted input: line breaks and other control characters become spaces.
 * The composers already keep these single-line; this is the last line of defence, because a
 * CR or LF that reached a header would let a guest's name start a header of its own (`Bcc:`).
 */
export function singleLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').trim();
}

function addressOf(address: MailAddress): { name: string; address: string } {
  return { name: singleLine(address.name ?? ''), address: address.email };
}

/** Only an absolute http(s) URL with nothing a header could trip on goes into List-Unsubscribe. */
function unsubscribeHeaders(url: string | undefined): Record<string, string> {
  if (!url) return {};
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return {};
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return {};
  // URL serialisation percent-encodes spaces, controls, `<` and `>`, so the href fits in `<…>`.
  return { 'List-Unsubscribe': `<${parsed.href}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}

export function messageIdFor(idPart: string, from: MailAddress): string {
  const domain = from.email.slice(from.email.lastIndexOf('@') + 1) || 'rapport.invalid';
  return `${idPart}@${domain}`;
}

export async function buildMime(message: MailMessage, from: MailAddress, options: MimeOptions): Promise<Buffer> {
  const composer = new MailComposer({
    from: addressOf(from),
    to: addressOf(message.to),
    ...(message.replyTo ? { replyTo: addressOf(message.replyTo) } : {}),
    subject: singleLine(message.subject),
    messageId: `<${options.messageId}>`,
    date: new Date(options.date),
    text: message.text,
    html: message.html,
    ...(message.calendar
      ? { icalEvent: { method: message.calendar.method, content: message.calendar.ics, filename: message.calendar.method === 'CANCEL' ? 'cancel.ics' : 'invite.ics' } }
      : {}),
    headers: unsubscribeHeaders(message.unsubscribeUrl),
    // Every part is a string we made: nothing may be read from a path or fetched from a URL.
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  return composer.compile().build();
}
