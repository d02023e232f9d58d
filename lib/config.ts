import { resolve } from 'node:path';
import { z } from 'zod';

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
});

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
