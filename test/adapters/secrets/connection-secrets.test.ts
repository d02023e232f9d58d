import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createConnectionSecrets, type ConnectionSecrets } from '../../../lib/adapters/secrets/connection-secrets.js';
import { createSecretBox, localKeyWrapper, SecretUnreadable } from '../../../lib/adapters/secrets/envelope.js';
import type { Store } from '../../../lib/core/ports/store.js';
import { freshTable, uniqueUserId } from '../../support/dynamo.js';

/** Refresh tokens at rest, against DynamoDB Local: sealed in the table, opened only where they were written. */

const REFRESH_TOKEN = '1//0gRefreshTokenThatMustNeverBeReadable';
let store: Store;
let secrets: ConnectionSecrets;
const masterKey = randomBytes(32);

beforeAll(async () => {
  ({ store } = await freshTable());
  secrets = createConnectionSecrets(store.credentials, createSecretBox(localKeyWrapper(masterKey)));
});

describe('connection secrets', () => {
  it('round-trips, and the table holds only ciphertext that differs on every save', async () => {
    const userId = uniqueUserId();
    await secrets.save(userId, 'google', REFRESH_TOKEN);
    const first = await store.credentials.get(userId, 'google');
    await secrets.save(userId, 'google', REFRESH_TOKEN);
    const second = await store.credentials.get(userId, 'google');
    expect(first).toMatch(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(first).not.toContain('RefreshToken');
    expect(Buffer.from(first!.split('.')[2]!, 'base64url').toString('latin1')).not.toContain('RefreshToken');
    expect(second).not.toBe(first);
    await expect(secrets.load(userId, 'google')).resolves.toBe(REFRESH_TOKEN);
  });

  it('does not open under another user or connection, another key, or after tampering', async () => {
    const userId = uniqueUserId();
    const thief = uniqueUserId();
    await secrets.save(userId, 'google', REFRESH_TOKEN);
    const sealed = (await store.credentials.get(userId, 'google'))!;

    await store.credentials.put(thief, 'google', sealed);
    await expect(secrets.load(thief, 'google')).rejects.toBeInstanceOf(SecretUnreadable);
    await store.credentials.put(userId, 'microsoft', sealed);
    await expect(secrets.load(userId, 'microsoft')).rejects.toBeInstanceOf(SecretUnreadable);

    const otherKey = createConnectionSecrets(store.credentials, createSecretBox(localKeyWrapper(randomBytes(32))));
    await expect(otherKey.load(userId, 'google')).rejects.toBeInstanceOf(SecretUnreadable);

    const [version, wrapped, body] = sealed.split('.') as [string, string, string];
    const flipped = Buffer.from(body, 'base64url');
    flipped[flipped.length - 1]! ^= 1;
    await store.credentials.put(userId, 'google', [version, wrapped, flipped.toString('base64url')].join('.'));
    await expect(secrets.load(userId, 'google')).rejects.toBeInstanceOf(SecretUnreadable);
  });

  it('is gone after remove, and refuses to store a secret in the clear', async () => {
    const userId = uniqueUserId();
    await secrets.save(userId, 'google', REFRESH_TOKEN);
    await secrets.remove(userId, 'google');
    await expect(secrets.load(userId, 'google')).resolves.toBeNull();
    await expect(store.credentials.put(userId, 'google', REFRESH_TOKEN)).rejects.toThrow();
  });
});
