import type { Mailer, MailRepository, MailSuppressionRepository } from '../core/ports/mail.js';
import type { Store } from '../core/ports/store.js';

/** What the services that compose and send Rapport's own messages need. */
export interface MailDeps {
  store: Store;
  /** The outbox's records: what was sent, kept or failed, by message id. */
  outbox: Pick<MailRepository, 'get'>;
  suppressions: MailSuppressionRepository;
  mailer: Mailer;
  /** Signs unsubscribe and booking links. */
  signingKey: Buffer;
  /** Public base URL for every link in a message (a mail client has no base of its own). */
  baseUrl: string;
}
