import type { MailTransport } from '../../core/ports/mail.js';

/**
 * A transport whose module is loaded on its first message: every function builds the runtime,
 * few send mail, and nodemailer or the SES client would otherwise weigh on each cold start.
 */
export function lazyTransport(name: string, load: () => Promise<MailTransport>): MailTransport {
  let loaded: Promise<MailTransport> | undefined;
  return {
    name,
    async send(message, from, options) {
      loaded ??= load();
      return (await loaded).send(message, from, options);
    },
  };
}
