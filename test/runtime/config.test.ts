import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it, test } from 'vitest';
import { applySecrets, ConfigError, configWith, loadConfig, loadLocalOptions, MissingSigningKey, parseConfig, requireSigningKey, runsInLambda, secretSourcesOf, secretVariables } from '../../lib/runtime/config.js';

describe('configuration from the environment', () => {
  it('has working defaults for local mode', () => {
    const config = parseConfig({});
    expect(config).toMatchObject({ tableName: 'rapport', region: 'eu-west-1', localUserId: 'local', logLevel: 'info', baseUrl: 'http://localhost:3000' });
    expect(config.signingKey).toBeUndefined();
    expect(config.tokenSealing).toBeUndefined();
    expect(config.google).toBeUndefined();
    expect(config.microsoft).toBeUndefined();
  });

  it('reads keys, providers and token sealing; KMS wins over a local key', () => {
    const key = 'ab'.repeat(32);
    const config = parseConfig({
      RAPPORT_SIGNING_KEY: key,
      RAPPORT_TOKEN_KEY: key,
      RAPPORT_KMS_KEY_ID: 'alias/rapport',
      RAPPORT_BASE_URL: 'https://rapport.example/',
      RAPPORT_GOOGLE_CLIENT_ID: 'id',
      RAPPORT_GOOGLE_CLIENT_SECRET: 'secret',
      RAPPORT_MICROSOFT_CLIENT_ID: 'ms-id',
      RAPPORT_MICROSOFT_CLIENT_SECRET: 'ms-secret',
      RAPPORT_GRAPH_ROOT: 'https://localhost:4443/v1.0/',
    });
    expect(config.signingKey).toEqual(Buffer.from(key, 'hex'));
    expect(config.tokenSealing).toEqual({ kind: 'kms', keyId: 'alias/rapport' });
    expect(config.baseUrl).toBe('https://rapport.example');
    expect(config.google).toMatchObject({ clientId: 'id', apiRoot: 'https://www.googleapis.com/' });
    expect(config.microsoft).toMatchObject({ clientId: 'ms-id', tenant: 'common', graphRoot: 'https://localhost:4443/v1.0' });
    expect(parseConfig({ RAPPORT_TOKEN_KEY: key }).tokenSealing).toEqual({ kind: 'local', key: Buffer.from(key, 'hex') });
  });

  it('names every problem at once, and never echoes a key', () => {
    const attempt = () =>
      parseConfig({ RAPPORT_SIGNING_KEY: 'not-a-key-but-a-secret', RAPPORT_BASE_URL: 'ftp://x', RAPPORT_LOG_LEVEL: 'loud', RAPPORT_LOCAL_USER: 'a#b', RAPPORT_GRAPH_ROOT: 'nope' });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      const message = (error as Error).message;
      for (const name of ['RAPPORT_SIGNING_KEY', 'RAPPORT_BASE_URL', 'RAPPORT_LOG_LEVEL', 'RAPPORT_LOCAL_USER', 'RAPPORT_GRAPH_ROOT']) expect(message).toContain(name);
      expect(message).not.toContain('not-a-key-but-a-secret');
    }
  });
});

describe('secrets from Secrets Manager', () => {
  const hex = 'ab'.repeat(32);

  test('the signing key and the configured providers become configuration; an empty entry leaves a provider off', () => {
    const secrets = secretVariables({ signingKey: `${hex}\n`, oauthClients: JSON.stringify({ google: { clientId: 'g-id', clientSecret: 'g-secret' }, microsoft: { clientId: '', clientSecret: '' } }) });
    const config = parseConfig({ RAPPORT_AUTH: 'session', ...secrets });
    expect(config.signingKey?.toString('hex')).toBe(hex);
    expect(config.google).toMatchObject({ clientId: 'g-id', clientSecret: 'g-secret' });
    expect(config.microsoft).toBeUndefined();
  });

  test('a clients secret that is not JSON is a clear configuration error that does not echo it', () => {
    const error = (() => {
      try {
        secretVariables({ oauthClients: 'client-secret-oops' });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect(String(error)).not.toContain('client-secret-oops');
  });

  test('fetched secrets reach the configuration without being written to the environment', () => {
    const before = { ...process.env };
    applySecrets({ signingKey: hex });
    expect(loadConfig().signingKey?.toString('hex')).toBe(hex);
    expect(configWith({ localUserId: 'me' })).toMatchObject({ localUserId: 'me', signingKey: Buffer.from(hex, 'hex') });
    expect(process.env).toEqual(before);
  });

  test('the secrets a function reads are named by the stack in its environment', () => {
    expect(secretSourcesOf({ RAPPORT_SIGNING_KEY_SECRET_ARN: 'arn:sk', RAPPORT_OAUTH_SECRET_ARN: '' })).toEqual({ signingKey: 'arn:sk', oauthClients: undefined });
    expect(runsInLambda({ AWS_LAMBDA_FUNCTION_NAME: 'rapport-app' })).toBe(true);
    expect(runsInLambda({})).toBe(false);
  });
});

describe('the signing key', () => {
  test('a missing one is a typed configuration error, raised by the one accessor', () => {
    const attempt = () => requireSigningKey(parseConfig({}));
    expect(attempt).toThrow(MissingSigningKey);
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow('RAPPORT_SIGNING_KEY is not configured');
  });

  test('a configured one is what the accessor answers', () => {
    const key = 'cd'.repeat(32);
    expect(requireSigningKey(parseConfig({ RAPPORT_SIGNING_KEY: key }))).toEqual(Buffer.from(key, 'hex'));
  });
});

describe('local configuration as a value', () => {
  const key = Buffer.alloc(32, 7);

  test('overrides win over the environment, and the environment is left as it was', () => {
    const env = { RAPPORT_TABLE: 'from-env', RAPPORT_LOCAL_USER: 'me', RAPPORT_LOG_LEVEL: 'info' };
    const config = parseConfig(env, { tableName: 'rapport', dynamoDbEndpoint: 'http://localhost:8000', signingKey: key, logLevel: 'warn' });
    expect(config).toMatchObject({ tableName: 'rapport', dynamoDbEndpoint: 'http://localhost:8000', localUserId: 'me', logLevel: 'warn' });
    expect(requireSigningKey(config)).toBe(key);
    expect(env).toEqual({ RAPPORT_TABLE: 'from-env', RAPPORT_LOCAL_USER: 'me', RAPPORT_LOG_LEVEL: 'info' });
  });

  test('session mode is checked against the signing key the overrides bring', () => {
    expect(parseConfig({ RAPPORT_AUTH: 'session' }, { signingKey: key }).auth).toBe('session');
    expect(() => parseConfig({ RAPPORT_AUTH: 'session' }, {})).toThrow(/RAPPORT_AUTH=session needs RAPPORT_SIGNING_KEY/);
  });

  test('the provider fakes configure a provider without any variable', () => {
    const google = { clientId: 'local-id', clientSecret: 's', apiRoot: 'http://localhost:1/', authUrl: 'http://localhost:1/auth', tokenUrl: 'http://localhost:1/token' };
    expect(parseConfig({}, { google }).google).toEqual(google);
  });
});

describe('the local commands\' settings', () => {
  test('defaults: loopback, port 3000, .rapport, a terminal\'s warn level, no fakes', () => {
    const local = loadLocalOptions({});
    expect(local).toMatchObject({ port: 3000, host: '127.0.0.1', auth: 'local', logLevel: 'warn', googleFake: false, microsoftFake: false, trustedCaFile: undefined });
    expect(local.dataDir).toBe(resolve('.rapport'));
  });

  test('read as typed values', () => {
    const local = loadLocalOptions({
      PORT: '0',
      RAPPORT_HOST: '0.0.0.0',
      RAPPORT_AUTH: 'session',
      RAPPORT_DATA_DIR: '/tmp/rapport-x',
      RAPPORT_LOG_LEVEL: 'debug',
      RAPPORT_GOOGLE_FAKE: '1',
      RAPPORT_MICROSOFT_FAKE: 'yes',
      NODE_EXTRA_CA_CERTS: '/tmp/ca.pem',
    });
    expect(local).toEqual({ port: 0, host: '0.0.0.0', auth: 'session', dataDir: '/tmp/rapport-x', logLevel: 'debug', googleFake: true, microsoftFake: false, trustedCaFile: '/tmp/ca.pem' });
  });

  test('a port that is not one is a configuration error naming PORT', () => {
    for (const PORT of ['http', '70000', '-1', '80.5']) expect(() => loadLocalOptions({ PORT })).toThrow(/PORT: must be a port number/);
  });
});

describe('the environment is read in one place', () => {
  test('no source file under lib/ reads or writes process.env but config.ts (the restart gets the environment for its child from it)', () => {
    const lib = resolve(import.meta.dirname, '../../lib');
    const files = readdirSync(lib, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts'));
    const touching = files.filter((file) => /process\.env\b/.test(readFileSync(join(lib, file), 'utf8').replace(/^\s*(\/\/|\*).*$/gm, '')));
    expect(touching.map((file) => file.replaceAll('\\', '/')).sort()).toEqual(['runtime/config.ts']);
  });
});
