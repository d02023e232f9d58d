import { resolve } from 'node:path';
import * as z from 'zod';

/**
 * The environment, read and validated once. Nothing else in the code base reads
 * `process.env`; handlers receive this object (or ask `loadConfig()` lazily on first use).
 */
const EnvSchema = z.object({
  RAPPORT_TABLE: z.string().min(3).default('rapport'),
  /** Set locally (DynamoDB Local); unset in AWS, where the SDK finds the regional endpoint. */
  RAPPORT_DYNAMODB_ENDPOINT: z.url().optional(),
  AWS_REGION: z.string().default('eu-west-1'),
  /** Folder for local state: DynamoDB Local files, keys, invitations. */
  RAPPORT_DATA_DIR: z.string().default('.rapport'),
  /** The implicit single user of local mode. */
  RAPPORT_LOCAL_USER: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).default('local'),
  /** Where people reach this Rapport: booking links and feed URLs start with it. */
  RAPPORT_BASE_URL: z.url().default('http://localhost:3000'),
  RAPPORT_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  /** Hex key that signs CSRF tokens (local runtime writes one under the data folder). */
  RAPPORT_SIGNING_KEY: z
    .string()
    .regex(/^[0-9a-f]{64}$/, 'RAPPORT_SIGNING_KEY must be 64 hex characters (32 bytes)')
    .optional(),
  /** Local mode: hex master key that seals OAuth tokens at rest (the local runtime keeps one under the data folder). */
  RAPPORT_TOKEN_KEY: z
    .string()
    .regex(/^[0-9a-f]{64}$/, 'RAPPORT_TOKEN_KEY must be 64 hex characters (32 bytes)')
    .optional(),
  /** Cloud: the KMS key that wraps the data keys sealing OAuth tokens. Wins over RAPPORT_TOKEN_KEY. */
  RAPPORT_KMS_KEY_ID: z.string().min(1).optional(),
  RAPPORT_GOOGLE_CLIENT_ID: z.string().min(1).optional(),
  RAPPORT_GOOGLE_CLIENT_SECRET: z.string().min(1).optional(),
  /** Root of the Calendar API (tests point it at a local server). */
  RAPPORT_GOOGLE_API_ROOT: z.url().default('https://www.googleapis.com/'),
  /** Where the consent page and the token endpoint live (tests point it at a local server). */
  RAPPORT_GOOGLE_AUTH_URL: z.url().default('https://accounts.google.com/o/oauth2/v2/auth'),
  RAPPORT_GOOGLE_TOKEN_URL: z.url().default('https://oauth2.googleapis.com/token'),
  RAPPORT_MICROSOFT_CLIENT_ID: z.string().min(1).optional(),
  RAPPORT_MICROSOFT_CLIENT_SECRET: z.string().min(1).optional(),
  /** `common` takes work and personal accounts; a tenant id limits sign-in to one organisation. */
  RAPPORT_MICROSOFT_TENANT: z.string().min(1).default('common'),
  RAPPORT_MICROSOFT_AUTHORITY_HOST: z.url().default('https://login.microsoftonline.com'),
  /** Root of Microsoft Graph, version included (tests point it at a local server). */
  RAPPORT_GRAPH_ROOT: z.url().default('https://graph.microsoft.com/v1.0'),
});

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
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function parseConfig(env: Record<string, string | undefined>): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`Invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  return {
    tableName: e.RAPPORT_TABLE,
    dynamoDbEndpoint: e.RAPPORT_DYNAMODB_ENDPOINT,
    region: e.AWS_REGION,
    dataDir: resolve(e.RAPPORT_DATA_DIR),
    localUserId: e.RAPPORT_LOCAL_USER,
    signingKey: e.RAPPORT_SIGNING_KEY ? Buffer.from(e.RAPPORT_SIGNING_KEY, 'hex') : undefined,
    logLevel: e.RAPPORT_LOG_LEVEL,
    baseUrl: e.RAPPORT_BASE_URL.replace(/\/+$/, ''),
    tokenSealing: e.RAPPORT_KMS_KEY_ID
      ? { kind: 'kms', keyId: e.RAPPORT_KMS_KEY_ID }
      : e.RAPPORT_TOKEN_KEY
        ? { kind: 'local', key: Buffer.from(e.RAPPORT_TOKEN_KEY, 'hex') }
        : undefined,
    google:
      e.RAPPORT_GOOGLE_CLIENT_ID && e.RAPPORT_GOOGLE_CLIENT_SECRET
        ? {
            clientId: e.RAPPORT_GOOGLE_CLIENT_ID,
            clientSecret: e.RAPPORT_GOOGLE_CLIENT_SECRET,
            apiRoot: e.RAPPORT_GOOGLE_API_ROOT,
            authUrl: e.RAPPORT_GOOGLE_AUTH_URL,
            tokenUrl: e.RAPPORT_GOOGLE_TOKEN_URL,
          }
        : undefined,
    microsoft:
      e.RAPPORT_MICROSOFT_CLIENT_ID && e.RAPPORT_MICROSOFT_CLIENT_SECRET
        ? {
            clientId: e.RAPPORT_MICROSOFT_CLIENT_ID,
            clientSecret: e.RAPPORT_MICROSOFT_CLIENT_SECRET,
            tenant: e.RAPPORT_MICROSOFT_TENANT,
            authorityHost: e.RAPPORT_MICROSOFT_AUTHORITY_HOST.replace(/\/+$/, ''),
            graphRoot: e.RAPPORT_GRAPH_ROOT.replace(/\/+$/, ''),
          }
        : undefined,
  };
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
