import { describe, expect, it, test } from 'vitest';
import { applySecrets, ConfigError, parseConfig, runsInLambda, secretSourcesOf } from '../../lib/runtime/config.js';

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
    const env: Record<string, string | undefined> = { RAPPORT_AUTH: 'session' };
    applySecrets({ signingKey: `${hex}\n`, oauthClients: JSON.stringify({ google: { clientId: 'g-id', clientSecret: 'g-secret' }, microsoft: { clientId: '', clientSecret: '' } }) }, env);
    const config = parseConfig(env);
    expect(config.signingKey?.toString('hex')).toBe(hex);
    expect(config.google).toMatchObject({ clientId: 'g-id', clientSecret: 'g-secret' });
    expect(config.microsoft).toBeUndefined();
  });

  test('a clients secret that is not JSON is a clear configuration error that does not echo it', () => {
    const error = (() => {
      try {
        applySecrets({ oauthClients: 'client-secret-oops' }, {});
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect(String(error)).not.toContain('client-secret-oops');
  });

  test('the secrets a function reads are named by the stack in its environment', () => {
    expect(secretSourcesOf({ RAPPORT_SIGNING_KEY_SECRET_ARN: 'arn:sk', RAPPORT_OAUTH_SECRET_ARN: '' })).toEqual({ signingKey: 'arn:sk', oauthClients: undefined });
    expect(runsInLambda({ AWS_LAMBDA_FUNCTION_NAME: 'rapport-app' })).toBe(true);
    expect(runsInLambda({})).toBe(false);
  });
});
