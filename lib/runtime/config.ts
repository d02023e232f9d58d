import { resolve } from 'node:path';
import { EnvReader, HEX_KEY, type Env } from './env-reader.js';
import { readMail, type MailConfig } from './mail-config.js';

/**
 * The configuration, read in one place: this module is the only code that reads `process.env`,
 * and nothing in lib/ writes it. Handlers get the configuration through the runtime
 * (`getRuntime().config`, parsed on first use); local mode builds its own value with
 * `configWith(overrides)` (its DynamoDB Local, its key files, the provider fakes) and hands
 * it to the runtime; the CLI reads its own settings with `loadLocalOptions()`.
 *
 * Validated by hand rather than with zod: every function reads its configuration on its cold
 * start, and a schema library there would load ~100 KB that no request otherwise needs.
 */

const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface GoogleConfig {
  clientId: string;
  clientSecret: string;
  apiRoot: string;
  authUrl: string;
  tokenUrl: string;
  /**
   * The OAuth client's consent screen is in "Testing": Google then expires refresh tokens 7 days
   * after they are issued, and the dashboard warns before a connection stops working. Read from
   * RAPPORT_GOOGLE_OAUTH_TESTING (on by default); absent in a configuration built by hand (the
   * local fake's, tests'): not testing.
   */
  oauthTesting?: boolean;
}

export interface MicrosoftConfig {
  clientId: string;
  clientSecret: string;
  tenant: string;
  authorityHost: string;
  graphRoot: string;
}

export interface Config {
  tableName: string;
  dynamoDbEndpoint?: string;
  region: string;
  dataDir: string;
  localUserId: string;
  /** Absent locally until the local runtime supplies its key file; read it with `requireSigningKey`. */
  signingKey?: Buffer;
  logLevel: LogLevel;
  /** No trailing slash. */
  baseUrl: string;
  /** How OAuth tokens are sealed at rest: a KMS key in the cloud, a local key file locally; absent = cannot store tokens. */
  tokenSealing?: { kind: 'kms'; keyId: string } | { kind: 'local'; key: Buffer };
  /** Present when the client id and secret are configured. */
  google?: GoogleConfig;
  microsoft?: MicrosoftConfig;
  /**
   * Who a request is for. `local`: the one implicit user of `npm start` (the server binds to
   * 127.0.0.1). `session`: the cloud, where the dashboard and the API need a signed-in session.
   */
  auth: 'local' | 'session';
  /** SQS queues of the cloud fan-out; absent locally, where the work runs in-process. */
  queues: { sweep?: string; propose?: string; push?: string };
  /** Set by tests (a local SQS wire-format server); unset in AWS. */
  sqsEndpoint?: string;
  /** Running inside AWS Lambda: logs and metrics go through Powertools. */
  lambda: boolean;
  /**
   * Calendar feed URLs may reach private, loopback and link-local addresses (a feed on the
   * user's own network). Off by default: a URL a person typed must never reach the cloud's
   * instance metadata, the VPC, or the server's own ports (lib/adapters/calendars/ics/address-guard.ts).
   */
  privateFeeds: boolean;
  mail: MailConfig;
}

/** Settings that win over the environment's: local mode's own, as typed values. */
export type ConfigOverrides = Partial<Config>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Something that signs (CSRF, booking, manage, feed tokens; OAuth state) ran without a signing key. */
export class MissingSigningKey extends ConfigError {
  override name = 'MissingSigningKey';
  constructor() {
    super('RAPPORT_SIGNING_KEY is not configured');
  }
}

/** The signing key, for code that cannot work without one. */
export function requireSigningKey(config: Pick<Config, 'signingKey'>): Buffer {
  if (!config.signingKey) throw new MissingSigningKey();
  return config.signingKey;
}

function readConfig(read: EnvReader, env: Env): Config {
  const tableName = read.text('RAPPORT_TABLE', 'rapport', { pattern: /^[A-Za-z0-9_.-]{3,255}$/, message: 'must be a DynamoDB table name (3–255 letters, digits, _ . -)' });
  /** Set locally (DynamoDB Local); unset in AWS, where the SDK finds the regional endpoint. */
  const dynamoDbEndpoint = read.url('RAPPORT_DYNAMODB_ENDPOINT');
  const region = read.text('AWS_REGION', 'eu-west-1');
  /** Folder for local state: DynamoDB Local files, keys, invitations. */
  const dataDir = read.text('RAPPORT_DATA_DIR', '.rapport');
  /** The implicit single user of local mode. */
  const localUserId = read.text('RAPPORT_LOCAL_USER', 'local', { pattern: /^[A-Za-z0-9_-]{1,64}$/, message: 'must be 1–64 letters, digits, _ or -' });
  /** Where people reach this Rapport: booking links and feed URLs start with it. */
  const baseUrl = read.url('RAPPORT_BASE_URL', 'http://localhost:3000')!;
  const logLevel = read.oneOf('RAPPORT_LOG_LEVEL', LOG_LEVELS, 'info');
  /** Signs CSRF, booking, manage and feed tokens (the local runtime reads one from the data folder). */
  const signingKey = read.optional('RAPPORT_SIGNING_KEY', HEX_KEY('RAPPORT_SIGNING_KEY'));
  /** Local mode: the master key that seals OAuth tokens at rest. */
  const tokenKey = read.optional('RAPPORT_TOKEN_KEY', HEX_KEY('RAPPORT_TOKEN_KEY'));
  /** Cloud: the KMS key that wraps the data keys sealing OAuth tokens. Wins over RAPPORT_TOKEN_KEY. */
  const kmsKeyId = read.optional('RAPPORT_KMS_KEY_ID');
  const googleId = read.optional('RAPPORT_GOOGLE_CLIENT_ID');
  const googleSecret = read.optional('RAPPORT_GOOGLE_CLIENT_SECRET');
  // Roots and endpoints are configurable so tests can point them at local servers.
  const googleApiRoot = read.url('RAPPORT_GOOGLE_API_ROOT', 'https://www.googleapis.com/')!;
  const googleAuthUrl = read.url('RAPPORT_GOOGLE_AUTH_URL', 'https://accounts.google.com/o/oauth2/v2/auth')!;
  const googleTokenUrl = read.url('RAPPORT_GOOGLE_TOKEN_URL', 'https://oauth2.googleapis.com/token')!;
  /**
   * On unless set to 0: a client made in the Google Cloud console starts in "Testing", and a
   * warning a published app did not need costs less than a calendar that goes quiet unannounced.
   */
  const googleOAuthTesting = read.oneOf('RAPPORT_GOOGLE_OAUTH_TESTING', ['0', '1'] as const, '1') === '1';
  const microsoftId = read.optional('RAPPORT_MICROSOFT_CLIENT_ID');
  const microsoftSecret = read.optional('RAPPORT_MICROSOFT_CLIENT_SECRET');
  /** `common` takes work and personal accounts; a tenant id limits sign-in to one organisation. */
  const tenant = read.text('RAPPORT_MICROSOFT_TENANT', 'common');
  const authorityHost = read.url('RAPPORT_MICROSOFT_AUTHORITY_HOST', 'https://login.microsoftonline.com')!;
  /** Root of Microsoft Graph, version included. */
  const graphRoot = read.url('RAPPORT_GRAPH_ROOT', 'https://graph.microsoft.com/v1.0')!;

  return {
    tableName,
    dynamoDbEndpoint,
    region,
    dataDir: resolve(dataDir),
    localUserId,
    signingKey: signingKey ? Buffer.from(signingKey, 'hex') : undefined,
    logLevel,
    baseUrl: baseUrl.replace(/\/+$/, ''),
    tokenSealing: kmsKeyId ? { kind: 'kms', keyId: kmsKeyId } : tokenKey ? { kind: 'local', key: Buffer.from(tokenKey, 'hex') } : undefined,
    google: googleId && googleSecret ? { clientId: googleId, clientSecret: googleSecret, apiRoot: googleApiRoot, authUrl: googleAuthUrl, tokenUrl: googleTokenUrl, oauthTesting: googleOAuthTesting } : undefined,
    microsoft:
      microsoftId && microsoftSecret
        ? { clientId: microsoftId, clientSecret: microsoftSecret, tenant, authorityHost: authorityHost.replace(/\/+$/, ''), graphRoot: graphRoot.replace(/\/+$/, '') }
        : undefined,
    auth: read.oneOf('RAPPORT_AUTH', ['local', 'session'] as const, 'local'),
    queues: {
      sweep: read.url('RAPPORT_SWEEP_QUEUE_URL'),
      propose: read.url('RAPPORT_PROPOSE_QUEUE_URL'),
      push: read.url('RAPPORT_PUSH_QUEUE_URL'),
    },
    sqsEndpoint: read.url('RAPPORT_SQS_ENDPOINT'),
    lambda: runsInLambda(env),
    privateFeeds: read.flag('RAPPORT_ALLOW_PRIVATE_FEEDS'),
    mail: readMail(read),
  };
}

/** `env` read and validated, with `overrides` on top; every problem of both reported at once. */
export function parseConfig(env: Env, overrides: ConfigOverrides = {}): Config {
  const read = new EnvReader(env);
  const config = { ...readConfig(read, env), ...overrides };
  // Sessions are sealed with the signing key: without one nobody could ever sign in.
  if (config.auth === 'session' && config.signingKey === undefined) read.problems.push('RAPPORT_AUTH=session needs RAPPORT_SIGNING_KEY (sessions are sealed with it)');
  if (read.problems.length > 0) throw new ConfigError(`Invalid configuration: ${read.problems.join('; ')}`);
  return config;
}

/**
 * Secrets Manager secrets a Lambda function reads on its cold start (the stack names them in
 * the environment): the signing key (64 hex characters) and the OAuth clients, a JSON object
 * `{ "google": { "clientId", "clientSecret" }, "microsoft": { "clientId", "clientSecret" } }`.
 * Their values become the variables parseConfig reads, so the rest of the code cannot tell
 * a secret from a plain variable.
 */
export interface SecretSources {
  signingKey?: string;
  oauthClients?: string;
}

export function secretSourcesOf(env: Env = process.env): SecretSources {
  return { signingKey: env.RAPPORT_SIGNING_KEY_SECRET_ARN || undefined, oauthClients: env.RAPPORT_OAUTH_SECRET_ARN || undefined };
}

export function runsInLambda(env: Env = process.env): boolean {
  return Boolean(env.AWS_LAMBDA_FUNCTION_NAME);
}

/** Fetched secret values as the variables they stand for. */
export function secretVariables(values: { signingKey?: string; oauthClients?: string }): Env {
  const variables: Env = {};
  if (values.signingKey !== undefined) variables.RAPPORT_SIGNING_KEY = values.signingKey.trim();
  if (values.oauthClients !== undefined) {
    let clients: Record<string, { clientId?: unknown; clientSecret?: unknown } | undefined>;
    try {
      clients = JSON.parse(values.oauthClients) as typeof clients;
    } catch {
      throw new ConfigError('The OAuth clients secret is not JSON: { "google": { "clientId", "clientSecret" }, "microsoft": { … } }');
    }
    for (const [provider, prefix] of [['google', 'RAPPORT_GOOGLE'], ['microsoft', 'RAPPORT_MICROSOFT']] as const) {
      const client = clients[provider];
      // An empty or placeholder entry leaves that provider off (its Connect button hidden).
      if (typeof client?.clientId === 'string' && typeof client.clientSecret === 'string' && client.clientId && client.clientSecret) {
        variables[`${prefix}_CLIENT_ID`] = client.clientId;
        variables[`${prefix}_CLIENT_SECRET`] = client.clientSecret;
      }
    }
  }
  return variables;
}

/** The secrets fetched on this cold start: they win over the process's environment. */
let fromSecrets: Env = {};
let cached: Config | undefined;

/** Keeps fetched secret values for the configuration and forgets the parsed one. */
export function applySecrets(values: { signingKey?: string; oauthClients?: string }): void {
  fromSecrets = { ...fromSecrets, ...secretVariables(values) };
  cached = undefined;
}

function processEnv(): Env {
  return { ...process.env, ...fromSecrets };
}

/** The process's configuration, parsed on first use (not at import: keeps cold starts cheap). */
export function loadConfig(): Config {
  cached ??= parseConfig(processEnv());
  return cached;
}

/** A fresh configuration: the process's environment with `overrides` on top (local mode's). */
export function configWith(overrides: ConfigOverrides): Config {
  return parseConfig(processEnv(), overrides);
}

/** For tests, which set the environment before handlers first run. */
export function resetConfig(): void {
  cached = undefined;
}

/** What `rapport serve` and the other local commands take from the environment. */
export interface LocalOptions {
  /** RAPPORT_DATA_DIR (default `.rapport`), resolved. */
  dataDir: string;
  /** PORT (default 3000); 0 picks a free one. */
  port: number;
  /** RAPPORT_HOST (default 127.0.0.1). */
  host: string;
  auth: Config['auth'];
  /** RAPPORT_LOG_LEVEL: a terminal wants warnings and errors, not a JSON line per sync, so `warn` by default. */
  logLevel: LogLevel;
  /** RAPPORT_GOOGLE_FAKE=1: a local Google to connect. */
  googleFake: boolean;
  /** RAPPORT_MICROSOFT_FAKE=1: a local Outlook to connect. */
  microsoftFake: boolean;
  /** NODE_EXTRA_CA_CERTS: the extra CA this process trusts (Node reads it only when it starts). */
  trustedCaFile?: string;
}

export function loadLocalOptions(env: Env = process.env): LocalOptions {
  const read = new EnvReader(env);
  const options: LocalOptions = {
    dataDir: resolve(read.text('RAPPORT_DATA_DIR', '.rapport')),
    port: read.integer('PORT', 3000, { min: 0, max: 65535, what: 'a port number' }),
    host: read.text('RAPPORT_HOST', '127.0.0.1'),
    auth: read.oneOf('RAPPORT_AUTH', ['local', 'session'] as const, 'local'),
    logLevel: read.oneOf('RAPPORT_LOG_LEVEL', LOG_LEVELS, 'warn'),
    googleFake: read.flag('RAPPORT_GOOGLE_FAKE'),
    microsoftFake: read.flag('RAPPORT_MICROSOFT_FAKE'),
    trustedCaFile: read.optional('NODE_EXTRA_CA_CERTS'),
  };
  if (read.problems.length > 0) throw new ConfigError(`Invalid configuration: ${read.problems.join('; ')}`);
  return options;
}

/**
 * The environment a child process of this same command gets: this process's, as it is, plus
 * `extra`. For the CLI's trusted restart (edge/cli/trusted-restart.ts); nothing is read here.
 */
export function environmentWith(extra: Record<string, string>): Env {
  return { ...process.env, ...extra };
}
