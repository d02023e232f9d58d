import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { MailTransportError, type MailTransport } from '../../core/ports/mail.js';
import { buildMime, messageIdFor } from './mime.js';

/**
 * Sends through Amazon SES (API v2 `SendEmail` with `Content.Raw`): the same MIME as SMTP, from
 * the verified identity, in the configuration set whose event destination reports bounces and
 * complaints. The user id rides along as a message tag, so a bounce can be put on the right
 * user's suppression list (bounce-events.ts).
 */

export interface SesSettings {
  region: string;
  /** The configuration set (bounce and complaint events); optional so a bare identity still sends. */
  configurationSet?: string;
  /** Tests point the real client at a local SES v2 wire-format server. */
  endpoint?: string;
}

/** The message tag that carries the user id (SES tag values: letters, digits, `_ - . @`). */
export const USER_TAG = 'rapport-user';

export function createSesTransport(settings: SesSettings): MailTransport {
  const client = new SESv2Client({
    region: settings.region,
    ...(settings.endpoint ? { endpoint: settings.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
    // The outbox owns retries (with backoff across runs); a few quick SDK retries absorb a blip.
    maxAttempts: 2,
  });
  return {
    name: 'ses',
    async send(message, from, options = {}) {
      const messageId = options.messageId ?? messageIdFor(message.id, from);
      const raw = await buildMime(message, from, { messageId, date: options.date ?? new Date().toISOString() });
      try {
        const output = await client.send(
          new SendEmailCommand({
            FromEmailAddress: from.email,
            Destination: { ToAddresses: [message.to.email] },
            Content: { Raw: { Data: raw } },
            ...(settings.configurationSet ? { ConfigurationSetName: settings.configurationSet } : {}),
            ...(options.userId ? { EmailTags: [{ Name: USER_TAG, Value: options.userId }] } : {}),
          }),
        );
        return { messageId: output.MessageId };
      } catch (error) {
        throw sesFailure(error);
      }
    },
  };
}

/** Errors SES names that the same message would meet again (SES API v2 reference, SendEmail "Errors"). */
const PERMANENT = new Set(['MessageRejected', 'MailFromDomainNotVerifiedException', 'BadRequestException', 'NotFoundException', 'AccountSuspendedException']);

export function sesFailure(error: unknown): MailTransportError {
  const e = (error ?? {}) as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const name = e.name ?? 'Error';
  const status = e.$metadata?.httpStatusCode;
  if (name === 'TooManyRequestsException' || name === 'ThrottlingException' || status === 429) return new MailTransportError('SES is throttling this account; it will be tried again', false);
  if (name === 'LimitExceededException') return new MailTransportError('the SES sending quota is used up for now; it will be tried again', false);
  if (name === 'SendingPausedException') return new MailTransportError('sending is paused for this SES account or configuration set', false);
  if (PERMANENT.has(name)) return new MailTransportError(`SES refused the message: ${name}${e.message ? ` (${e.message.slice(0, 300)})` : ''}`, true);
  return new MailTransportError(`SES failed: ${name}${status ? ` (HTTP ${status})` : ''}`, false);
}
