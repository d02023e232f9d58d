import { resolve } from 'node:path';

/**
 * The environment, read and validated once. Nothing else in the code base reads
 * `process.env`; handlers receive this object (or ask `loadConfig()` lazily on first use).
 *
 * Validated by hand rather than with zod: every function reads its configuration on its cold
 * start, and a schema library there would load ~100 KB that no request otherwise needs.
 */

type Env = Record<string, string | undefined>;

/** Collects every problem, so one start reports all of them. */
class EnvReader {
  readonly problems: string[] = [];
  constructor(private readonly env: Env) {}

  private raw(name: string): string | undefined {
    const value = this.env[name];
    return value === undefined || value === '' ? undefined : value;
  }

  optional(name: string, rule?: { pattern: RegExp; message: string }): string | undefined {
    const value = this.raw(name);
    if (value !== undefined && rule && !rule.pattern.test(value)) this.problems.push(`${name}: ${rule.message}`);
    return value;
  }

  text(name: string, fallback: string, rule?: { pattern: RegExp; message: string }): string {
    return this.optional(name, rule) ?? fallback;
  }

  url(name: string, fallback?: string): string | undefined {
    const value = this.raw(name) ?? fallback;
    if (value === undefined) return undefined;
    try {
      const parsed = new URL(value);
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('not http(s)');
    } catch {
      this.problems.push(`${name}: must be an http(s) URL, not "${value}"`);
    }
    return value;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const value = this.raw(name) ?? fallback;
    if (!allowed.includes(value as T)) this.problems.push(`${name}: must be one of ${allowed.join(', ')}`);
    return value as T;
  }
}

const HEX_KEY = (name: string) => ({ pattern: /^[0-9a-f]{64}$/, message: `${name} must be 64 hex characters (32 bytes)` });
const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;

export interface GoogleConfig {
  clientId: string;
  clientSecret: string;
  apiRoot: string;
  authUrl: string;
  tokenUrl: string;
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
  signingKey?: Buffer;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
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
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function parseConfig(env: Env): Config {
  const read = new EnvReader(env);
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
  /** Signs CSRF, booking, manage and feed tokens (the local runtime writes one under the data folder). */
  const signingKey = read.optional('RAPPORT_SIGNING_KEY', HEX_KEY('RAPPORT_SIGNING_KEY'));
  /** Local mode: the master key that seals OAuth tokens at rest. */
  const tokenKey = read.optional('RAPPORT_TOKEN_KEY', HEX_KEY('RAPPORT_TOKEN_KEY'));
  /** Cloud: the KMS key that wraps the data keys sealing OAuth tokens. Wins over RAPPORT_TOKEN_KEY. */
  const kmsKeyId = read.optional('RAPPORT_KMS_KEY_ID');
  const googleId = read.optional('RAPPORT_GOOGLE_CLIENT_ID');
  const googleSecret = read.optional('RAPPORT_GOOGLE_CLIENT_SECRET');
  // Roots and endpoints are configurable so tests and `npm start` can point them at local servers.
  const googleApiRoot = read.url('RAPPORT_GOOGLE_API_ROOT', 'https://www.googleapis.com/')!;
  const googleAuthUrl = read.url('RAPPORT_GOOGLE_AUTH_URL', 'https://accounts.google.com/o/oauth2/v2/auth')!;
  const googleTokenUrl = read.url('RAPPORT_GOOGLE_TOKEN_URL', 'https://oauth2.googleapis.com/token')!;
  const microsoftId = read.optional('RAPPORT_MICROSOFT_CLIENT_ID');
  const microsoftSecret = read.optional('RAPPORT_MICROSOFT_CLIENT_SECRET');
  /** `common` takes work and personal accounts; a tenant id limits sign-in to one organisation. */
  const tenant = read.text('RAPPORT_MICROSOFT_TENANT', 'common');
  const authorityHost = read.url('RAPPORT_MICROSOFT_AUTHORITY_HOST', 'https://login.microsoftonline.com')!;
  /** Root of Microsoft Graph, version included. */
  const graphRoot = read.url('RAPPORT_GRAPH_ROOT', 'https://graph.microsoft.com/v1.0')!;
  const auth = read.oneOf('RAPPORT_AUTH', ['local', 'session'] as const, 'local');
  const queues = {
    sweep: read.url('RAPPORT_SWEEP_QUEUE_URL'),
    propose: read.url('RAPPORT_PROPOSE_QUEUE_URL'),
    push: read.url('RAPPORT_PUSH_QUEUE_URL'),
  };
  const sqsEndpoint = read.url('RAPPORT_SQS_ENDPOINT');
  // Sessions are sealed with the signing key: without one nobody could ever sign in.
  if (auth === 'session' && signingKey === undefined) read.problems.push('RAPPORT_AUTH=session needs RAPPORT_SIGNING_KEY (sessions are sealed with it)');
  if (read.problems.length > 0) throw new ConfigError(`Invalid configuration: ${read.problems.join('; ')}`);

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
    google: googleId && googleSecret ? { clientId: googleId, clientSecret: googleSecret, apiRoot: googleApiRoot, authUrl: googleAuthUrl, tokenUrl: googleTokenUrl } : undefined,
    microsoft:
      microsoftId && microsoftSecret
        ? { clientId: microsoftId, clientSecret: microsoftSecret, tenant, authorityHost: authorityHost.replace(/\/+$/, ''), graphRoot: graphRoot.replace(/\/+$/, '') }
        : undefined,
    auth,
    queues,
    sqsEndpoint,
    lambda: runsInLambda(env),
  };
}

/**
 * Secrets Manager secrets a Lambda function reads on its cold start (the stack names them in
 * the environment): the signing key (64 hex characters) and the OAuth clients, a JSON object
 * `{ "google": { "clientId", "clientSecret" }, "microsoft": { "clientId", "clientSecret" } }`.
 * Their values land in the variables parseConfig reads, so the rest of the code cannot tell
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

/** Applies fetched secret values to the environment and forgets the parsed configuration. */
export function applySecrets(values: { signingKey?: string; oauthClients?: string }, env: Env = process.env): void {
  if (values.signingKey !== undefined) env.RAPPORT_SIGNING_KEY = values.signingKey.trim();
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
        env[`${prefix}_CLIENT_ID`] = client.clientId;
        env[`${prefix}_CLIENT_SECRET`] = client.clientSecret;
      }
    }
  }
  cached = undefined;
}

let cached: Config | undefined;

/** The process's configuration, parsed on first use (not at import: keeps cold starts cheap). */
export function loadConfig(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}

/** For the local runtime and tests, which set the environment before handlers first run. */
export function resetConfig(): void {
  cached = undefined;
}
