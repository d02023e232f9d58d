import { isEmailAddress } from '../core/domain/email-address.js';
import type { EnvReader } from './env-reader.js';

/**
 * The mail part of the configuration (config.ts): the sender, SMTP from `RAPPORT_SMTP_URL`,
 * SES in the cloud. Read through config.ts's EnvReader, so problems are reported with the rest.
 */

/** How Rapport sends mail; without smtp or ses every message is kept in the outbox page. */
export interface MailConfig {
  /** The From of every message: `RAPPORT_MAIL_FROM`, or in the cloud the verified SES identity. */
  from: { email: string; name?: string };
  /** From `RAPPORT_SMTP_URL` (smtp:// STARTTLS, smtps:// TLS). The password is never logged. */
  smtp?: { host: string; port: number; secure: boolean; requireTls: boolean; user?: string; password?: string };
  /** Amazon SES v2, when `RAPPORT_SES_FROM` names the verified identity (the stack sets it). */
  ses?: { configurationSet?: string; endpoint?: string };
}

/** `Name <address>` or a bare address; null when it is neither. */
export function parseMailbox(value: string): { email: string; name?: string } | null {
  const match = /^\s*(?:"?([^"<>\r\n]*?)"?\s*)?<([^<>\s]+)>\s*$/.exec(value) ?? /^\s*()([^<>\s]+)\s*$/.exec(value);
  const email = match?.[2]?.toLowerCase();
  if (!email || !isEmailAddress(email)) return null;
  const name = match?.[1]?.trim();
  return name ? { email, name } : { email };
}

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[?::1\]?)$/i;

/** `smtp://user:pass@host:587` (STARTTLS; required unless the host is loopback) or `smtps://…:465`. */
function readSmtpUrl(read: EnvReader, value: string | undefined): MailConfig['smtp'] {
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    // The value is not echoed: it may hold a password.
    read.problems.push('RAPPORT_SMTP_URL: must look like smtp://user:password@host:587 or smtps://user:password@host:465');
    return undefined;
  }
  if ((url.protocol !== 'smtp:' && url.protocol !== 'smtps:') || !url.hostname) {
    read.problems.push('RAPPORT_SMTP_URL: must start with smtp:// (STARTTLS) or smtps:// (TLS) and name a host');
    return undefined;
  }
  const secure = url.protocol === 'smtps:';
  const user = url.username ? decodeURIComponent(url.username) : undefined;
  return {
    host: url.hostname,
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    // A password must never cross a network in clear text: STARTTLS is demanded off this machine.
    requireTls: !secure && !LOOPBACK.test(url.hostname),
    ...(user ? { user, password: decodeURIComponent(url.password) } : {}),
  };
}

/** The mail variables, through the configuration's reader (config.ts stays the one reader of the environment). */
export function readMail(read: EnvReader): MailConfig {
  const smtp = readSmtpUrl(read, read.optional('RAPPORT_SMTP_URL'));
  const sesFrom = read.optional('RAPPORT_SES_FROM');
  const fromText = read.optional('RAPPORT_MAIL_FROM') ?? sesFrom;
  // Unset: a provider's SMTP login is usually the mailbox itself, the natural sender.
  const fallback = smtp?.user && isEmailAddress(smtp.user) ? smtp.user : 'rapport@localhost.localdomain';
  const from = fromText === undefined ? { email: fallback, name: 'Rapport' } : parseMailbox(fromText);
  if (!from) read.problems.push('RAPPORT_MAIL_FROM / RAPPORT_SES_FROM: must be an address, or "Name <address>"');
  const configurationSet = read.optional('RAPPORT_SES_CONFIGURATION_SET', { pattern: /^[A-Za-z0-9_-]{1,64}$/, message: 'must be an SES configuration set name' });
  const endpoint = read.url('RAPPORT_SES_ENDPOINT');
  return {
    from: from ?? { email: 'rapport@localhost.localdomain' },
    ...(smtp ? { smtp } : {}),
    ...(sesFrom !== undefined ? { ses: { ...(configurationSet ? { configurationSet } : {}), ...(endpoint ? { endpoint } : {}) } } : {}),
  };
}

