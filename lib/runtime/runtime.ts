import { join } from 'node:path';
import { CalendarError, type CalendarSource, type CalendarWriter } from '../core/ports/calendar.js';
import { openCalendarSource, openCalendarWriter, type CalendarContext } from '../adapters/calendars/sources.js';
import { lambdaLogger } from '../edge/cloud/observability.js';
import { loadConfig, type Config } from './config.js';
import type { UserSettings } from '../core/domain/settings.js';
import { createLogger, type Logger } from './log.js';
import { createConnectionSecrets, type ConnectionSecrets } from '../adapters/secrets/connection-secrets.js';
import { createBranchKeyring } from '../adapters/secrets/branch-keys.js';
import { createSecretBox, localKeyWrapper } from '../adapters/secrets/envelope.js';
import { kmsKeyWrapper } from '../adapters/secrets/kms.js';
import { createDynamoDbClient } from '../adapters/store/client.js';
import type { Connection } from '../core/ports/connections.js';
import type { Store } from '../core/ports/store.js';
import { createStore } from '../adapters/store/store.js';
import type { ConsumedCapacityListener } from '../adapters/store/context.js';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { MailRecord } from '../core/domain/mail.js';
import type { Mailer, MailTransport } from '../core/ports/mail.js';
import { lazyTransport } from '../adapters/mail/lazy.js';
import { createMailer, messageIdOf } from '../services/mail-delivery.js';
import type { UploadedCalendars } from '../core/ports/calendar-files.js';
import { createUploadFolder } from '../adapters/calendars/ics/upload-folder.js';

/**
 * The composition root shared by every Lambda entry point and the local runtime: built once
 * per process, on the first request (not at import), from the validated configuration.
 */
export interface Runtime {
  config: Config;
  store: Store;
  logger: Logger;
  /** The current instant; the only clock in the code base. */
  now(): string;
  /** `userId`: whose calendar it is (Rapport's own calendar lives in that user's partition). */
  openSource(connection: Connection, settings: UserSettings, userId: string): Promise<CalendarSource>;
  openWriter(connection: Connection, settings: UserSettings, userId: string): Promise<CalendarWriter>;
  /** Sealed OAuth tokens of provider connections. Throws when no sealing key is configured. */
  secrets(): ConnectionSecrets;
  /** Delivers mail exactly once through the configured transport, or keeps it in the outbox. */
  mailer: Mailer;
  /** A recorded message as the `.eml` file it is (or would be) sent as. */
  mailFile(record: MailRecord): Promise<Buffer>;
  /** Where uploaded .ics files are kept: the data folder in local mode; absent in Lambda (no place the sync could read them yet). */
  uploads?: UploadedCalendars;
}

/**
 * A calendar error: a provider connection whose tokens cannot be opened here fails alone (its
 * status says why); the user's other calendars still sync.
 */
export class TokenSealingNotConfigured extends CalendarError {
  override name = 'TokenSealingNotConfigured';
}

function secretsFor(config: Config, store: Store): ConnectionSecrets {
  const sealing = config.tokenSealing;
  if (!sealing) throw new TokenSealingNotConfigured('Set RAPPORT_KMS_KEY_ID (AWS) or RAPPORT_TOKEN_KEY (local) to connect Google or Microsoft calendars.');
  const wrapper = sealing.kind === 'kms' ? kmsKeyWrapper(sealing.keyId) : localKeyWrapper(sealing.key);
  return createConnectionSecrets(store.credentials, createSecretBox(wrapper, createBranchKeyring(wrapper, store.branchKeys)));
}

/** SMTP when RAPPORT_SMTP_URL is set, else SES when the stack named its identity, else none (outbox only). */
function mailTransportFor(config: Config): MailTransport | undefined {
  const { smtp, ses } = config.mail;
  if (smtp) return lazyTransport('smtp', async () => (await import('../adapters/mail/smtp.js')).createSmtpTransport(smtp));
  if (ses) return lazyTransport('ses', async () => (await import('../adapters/mail/ses.js')).createSesTransport({ region: config.region, ...ses }));
  return undefined;
}

let runtime: Runtime | undefined;

/** For the benchmark: a DynamoDB client of its own (a request counter) and every request's consumed units. */
export interface RuntimeOptions {
  client?: DynamoDBClient;
  onConsumedCapacity?: ConsumedCapacityListener;
}

/** A runtime over `config`: what `getRuntime` builds from the environment, and local mode from its own value. */
export function createRuntime(config: Config, options: RuntimeOptions = {}): Runtime {
  const client = options.client ?? createDynamoDbClient({ endpoint: config.dynamoDbEndpoint, region: config.region });
  const systemNow = () => new Date().toISOString();
  // Read through the current runtime, so a fixed clock set by tests (setRuntime) reaches
  // the calendars' time stamps and the store's schedule buckets too.
  const now = () => (runtime ?? { now: systemNow }).now();
  const logger = config.lambda ? lambdaLogger() : createLogger({ level: config.logLevel, base: { service: 'rapport' } });
  // Like the clock, the mailer's and the store's logs go through the current runtime (tests install a quiet one).
  const current = (): Logger => runtime?.logger ?? logger;
  const onPullFailed = (userId: string, error: unknown) => current().warn('a sweep wake-up was not recorded; the sweep comes within twelve hours anyway', { userId, error });
  const store = createStore({ client, tableName: config.tableName, now, onPullFailed, ...(options.onConsumedCapacity && { onConsumedCapacity: options.onConsumedCapacity }) });
  const mailLogger: Logger = {
    debug: (m, f) => current().debug(m, f),
    info: (m, f) => current().info(m, f),
    warn: (m, f) => current().warn(m, f),
    error: (m, f) => current().error(m, f),
    child: (f) => current().child(f),
  };
  // Invitations of Rapport's own calendar go out as iMIP mail through the mailer (or wait in the outbox page).
  const mailer = createMailer({ store, transport: mailTransportFor(config), from: config.mail.from, now, logger: mailLogger });
  let secrets: ConnectionSecrets | undefined;
  const connectionSecrets = () => (secrets ??= secretsFor(config, store));
  const context = (userId: string): CalendarContext => ({ store, userId, now, mailer, config, secrets: connectionSecrets });
  return {
    config,
    store,
    logger,
    mailer,
    async mailFile(record) {
      const { buildMime } = await import('../adapters/mail/mime.js');
      const from = config.mail.from;
      return buildMime(record.message, from, { messageId: messageIdOf(record.userId, record.message.id, from), date: record.createdAt });
    },
    now: systemNow,
    openSource: (connection, settings, userId) => openCalendarSource(connection, settings, context(userId)),
    openWriter: (connection, settings, userId) => openCalendarWriter(connection, settings, context(userId)),
    secrets: connectionSecrets,
    ...(config.lambda ? {} : { uploads: createUploadFolder(join(config.dataDir, 'calendars')) }),
  };
}

/** The process's runtime: the one set last, or one over the environment's configuration. */
export function getRuntime(): Runtime {
  runtime ??= createRuntime(loadConfig());
  return runtime;
}

/** The local runtime installs its own; tests replace parts (a fixed clock, a quiet logger). */
export function setRuntime(next: Runtime | undefined): void {
  runtime = next;
}
