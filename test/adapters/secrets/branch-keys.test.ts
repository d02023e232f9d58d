import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { BRANCH_KEY_CACHE_MS, createBranchKeyring } from '../../../lib/adapters/secrets/branch-keys.js';
import { createConnectionSecrets } from '../../../lib/adapters/secrets/connection-secrets.js';
import { createSecretBox, localKeyWrapper, SecretUnreadable, type KeyWrapper } from '../../../lib/adapters/secrets/envelope.js';
import type { Store } from '../../../lib/core/ports/store.js';
import { freshTable, uniqueUserId } from '../../support/dynamo.js';

/**
 * Secrets sealed under the month's branch key, against DynamoDB Local: the master key is asked
 * once per process-hour, not once per open, and everything a per-secret key promised still holds.
 */

const TOKEN = '1//0gRefreshTokenThatMustNeverBeReadable';
const masterKey = randomBytes(32);
let store: Store;

beforeAll(async () => {
  ({ store } = await freshTable());
});

/** The local master key, counting what is asked of it (in the cloud each call is a KMS request). */
function countingWrapper(key = masterKey) {
  const inner = localKeyWrapper(key);
  const calls = { generate: 0, unwrap: 0 };
  const wrapper: KeyWrapper = {
    generateDataKey: (context) => ((calls.generate += 1), inner.generateDataKey(context)),
    unwrapDataKey: (wrapped, context) => ((calls.unwrap += 1), inner.unwrapDataKey(wrapped, context)),
  };
  return { wrapper, calls };
}

/** A process: its own keyring cache, on a clock the test moves. */
function processAt(startIso: string, key = masterKey) {
  const clock = { ms: Date.parse(startIso) };
  const { wrapper, calls } = countingWrapper(key);
  const secrets = createConnectionSecrets(store.credentials, createSecretBox(wrapper, createBranchKeyring(wrapper, store.branchKeys, () => clock.ms)));
  return { secrets, calls, clock };
}

describe('branch keys', () => {
  it('seals 20 users’ tokens and opens them in another process with one master-key request', async () => {
    const sealer = processAt('2031-01-10T09:00:00Z');
    const users = Array.from({ length: 20 }, () => uniqueUserId());
    for (const userId of users) await sealer.secrets.save(userId, 'google', `${TOKEN}-${userId}`);
    expect(sealer.calls).toEqual({ generate: 1, unwrap: 0 });
    expect(await store.credentials.get(users[0]!, 'google')).toMatch(/^v2\.2031-01\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);

    const reader = processAt('2031-01-20T09:00:00Z');
    for (const userId of users) await expect(reader.secrets.load(userId, 'google')).resolves.toBe(`${TOKEN}-${userId}`);
    for (const userId of users) await reader.secrets.load(userId, 'google');
    expect(reader.calls).toEqual({ generate: 0, unwrap: 1 });

    // The cache lasts an hour: after it, the master key is asked again (a disabled key stops opens).
    reader.clock.ms += BRANCH_KEY_CACHE_MS;
    await reader.secrets.load(users[0]!, 'google');
    expect(reader.calls.unwrap).toBe(2);
  });

  it('the first seals of a month in two processes at once agree on one branch key', async () => {
    const [a, b] = [processAt('2031-02-01T00:00:00Z'), processAt('2031-02-01T00:00:00Z')];
    const [u1, u2] = [uniqueUserId(), uniqueUserId()];
    await Promise.all([a.secrets.save(u1, 'google', 'one'), b.secrets.save(u2, 'google', 'two')]);
    const third = processAt('2031-02-02T00:00:00Z');
    await expect(third.secrets.load(u1, 'google')).resolves.toBe('one');
    await expect(third.secrets.load(u2, 'google')).resolves.toBe('two');
    expect(third.calls.unwrap).toBe(1);
  });

  it('a new month seals under a new branch; last month’s secrets still open', async () => {
    const proc = processAt('2031-03-31T23:00:00Z');
    const userId = uniqueUserId();
    await proc.secrets.save(userId, 'google', 'march');
    proc.clock.ms = Date.parse('2031-04-01T00:30:00Z');
    await proc.secrets.save(userId, 'microsoft', 'april');
    expect(await store.credentials.get(userId, 'google')).toMatch(/^v2\.2031-03\./);
    expect(await store.credentials.get(userId, 'microsoft')).toMatch(/^v2\.2031-04\./);
    await expect(proc.secrets.load(userId, 'google')).resolves.toBe('march');
    await expect(proc.secrets.load(userId, 'microsoft')).resolves.toBe('april');
  });

  it('does not open for another user or connection, with another master key, an unknown branch, or after tampering', async () => {
    const proc = processAt('2031-05-05T00:00:00Z');
    const [userId, thief] = [uniqueUserId(), uniqueUserId()];
    await proc.secrets.save(userId, 'google', TOKEN);
    const sealed = (await store.credentials.get(userId, 'google'))!;

    await store.credentials.put(thief, 'google', sealed);
    await expect(proc.secrets.load(thief, 'google')).rejects.toBeInstanceOf(SecretUnreadable);
    await store.credentials.put(userId, 'microsoft', sealed);
    await expect(proc.secrets.load(userId, 'microsoft')).rejects.toBeInstanceOf(SecretUnreadable);
    await expect(processAt('2031-05-05T00:00:00Z', randomBytes(32)).secrets.load(userId, 'google')).rejects.toBeInstanceOf(SecretUnreadable);

    const [version, branch, salt, body] = sealed.split('.') as [string, string, string, string];
    await store.credentials.put(userId, 'moved', [version, '2031-06', salt, body].join('.'));
    await expect(proc.secrets.load(userId, 'moved')).rejects.toBeInstanceOf(SecretUnreadable);
    const flippedSalt = Buffer.from(salt, 'base64url');
    flippedSalt[0]! ^= 1;
    await store.credentials.put(userId, 'salted', [version, branch, flippedSalt.toString('base64url'), body].join('.'));
    await expect(proc.secrets.load(userId, 'salted')).rejects.toBeInstanceOf(SecretUnreadable);
    await store.credentials.put(userId, 'short', [version, branch, salt].join('.'));
    await expect(proc.secrets.load(userId, 'short')).rejects.toBeInstanceOf(SecretUnreadable);
  });

  it('a token sealed with its own data key (v1) opens, and is sealed under the branch once', async () => {
    const userId = uniqueUserId();
    const before = createConnectionSecrets(store.credentials, createSecretBox(localKeyWrapper(masterKey)));
    await before.save(userId, 'google', TOKEN);
    expect(await store.credentials.get(userId, 'google')).toMatch(/^v1\./);

    const proc = processAt('2031-07-07T00:00:00Z');
    await expect(proc.secrets.load(userId, 'google')).resolves.toBe(TOKEN);
    expect(await store.credentials.get(userId, 'google')).toMatch(/^v2\.2031-07\./);
    const unwrapsAfterMove = proc.calls.unwrap;
    await expect(proc.secrets.load(userId, 'google')).resolves.toBe(TOKEN);
    expect(proc.calls.unwrap).toBe(unwrapsAfterMove);
  });

  it('the move of a v1 token never overwrites a newer token saved meanwhile', async () => {
    const userId = uniqueUserId();
    const old = createSecretBox(localKeyWrapper(masterKey));
    const context = { purpose: 'rapport-connection', userId, connectionId: 'google' };
    const sealedOld = await old.seal('old token', context);
    await store.credentials.put(userId, 'google', await old.seal('newer token', context));
    await expect(store.credentials.replace(userId, 'google', sealedOld, await old.seal('moved old token', context))).resolves.toBe(false);
    await expect(processAt('2031-08-01T00:00:00Z').secrets.load(userId, 'google')).resolves.toBe('newer token');
  });
});
