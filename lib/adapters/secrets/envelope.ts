import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { isBranchId, UnknownBranchKey, type BranchKeyring } from './branch-keys.js';

/**
 * Envelope encryption for secrets at rest (OAuth refresh tokens, MSAL token caches), AES-256-GCM.
 * The master key is AWS KMS in the cloud (it never leaves KMS) and a key file under the data
 * folder locally.
 *
 * - `v2.<branch>.<salt>.<body>` (what `seal` writes when given a keyring): the secret's key is
 *   derived (HKDF-SHA256) from the month's branch key, a fresh random salt and the context;
 *   the branch key is stored wrapped by the master key (branch-keys.ts). Opening costs a
 *   master-key request per process-hour, not per secret.
 * - `v1.<wrapped data key>.<body>` (still opened, and written when there is no keyring): the
 *   secret's own fresh data key, wrapped by the master key: one master-key request per open.
 *
 * The context (whose secret, for which connection) is bound as additional authenticated data
 * (and, in v2, into the derived key): a sealed value copied onto another user's item does not open.
 */

export type SealContext = Readonly<Record<string, string>>;

export interface KeyWrapper {
  /** A fresh data key, in the clear (used once, then dropped) and wrapped (stored). */
  generateDataKey(context: SealContext): Promise<{ plaintext: Buffer; wrapped: Buffer }>;
  unwrapDataKey(wrapped: Buffer, context: SealContext): Promise<Buffer>;
}

export interface SecretBox {
  seal(plaintext: string, context: SealContext): Promise<string>;
  /** Throws SecretUnreadable when the value was tampered with, or sealed for another context or key. */
  open(sealed: string, context: SealContext): Promise<string>;
}

export class SecretUnreadable extends Error {
  override name = 'SecretUnreadable';
}

const VERSION = 'v1';
const BRANCHED = 'v2';
const SALT_BYTES = 16;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** The same context always gives the same bytes, whatever order its keys were written in. */
export function canonicalContext(context: SealContext): Buffer {
  return Buffer.from(JSON.stringify(Object.keys(context).sort().map((k) => [k, context[k]])));
}

function encrypt(key: Buffer, plaintext: Buffer, aad: Buffer): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

function decrypt(key: Buffer, sealed: Buffer, aad: Buffer): Buffer {
  if (sealed.length < IV_BYTES + TAG_BYTES) throw new SecretUnreadable('sealed value is too short');
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV_BYTES));
  decipher.setAAD(aad);
  decipher.setAuthTag(sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(sealed.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
  } catch (error) {
    throw new SecretUnreadable('sealed value does not authenticate (tampered, or another key or context)', { cause: error });
  }
}

/** The secret's own key: the branch key, stretched with its salt and bound to its context. */
function derivedKey(branchKey: Buffer, salt: Buffer, aad: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', branchKey, salt, aad, 32));
}

export function createSecretBox(wrapper: KeyWrapper, keyring?: BranchKeyring): SecretBox {
  const openBranched = async (branchId: string, salt: Buffer, body: Buffer, aad: Buffer): Promise<string> => {
    let branchKey: Buffer;
    try {
      branchKey = await keyring!.byId(branchId);
    } catch (error) {
      if (error instanceof UnknownBranchKey) throw new SecretUnreadable('sealed under a branch key this store does not hold', { cause: error });
      throw error;
    }
    const key = derivedKey(branchKey, salt, aad);
    try {
      return decrypt(key, body, aad).toString('utf8');
    } finally {
      key.fill(0);
    }
  };

  return {
    async seal(plaintext, context) {
      const aad = canonicalContext(context);
      // A branch this master key cannot unwrap (a local key file replaced under an old table)
      // leaves sealing to the secret's own data key, as before branch keys.
      const branch = keyring ? await keyring.current().catch((error: unknown) => {
        if (error instanceof SecretUnreadable) return undefined;
        throw error;
      }) : undefined;
      if (branch) {
        const salt = randomBytes(SALT_BYTES);
        const key = derivedKey(branch.key, salt, aad);
        try {
          const body = encrypt(key, Buffer.from(plaintext, 'utf8'), aad);
          return [BRANCHED, branch.id, salt.toString('base64url'), body.toString('base64url')].join('.');
        } finally {
          key.fill(0);
        }
      }
      const { plaintext: dataKey, wrapped } = await wrapper.generateDataKey(context);
      try {
        const body = encrypt(dataKey, Buffer.from(plaintext, 'utf8'), aad);
        return [VERSION, wrapped.toString('base64url'), body.toString('base64url')].join('.');
      } finally {
        dataKey.fill(0);
      }
    },

    async open(sealed, context) {
      if (sealed.startsWith(`${BRANCHED}.`)) {
        const [, branchId, salt, body, ...rest] = sealed.split('.');
        if (!keyring || !branchId || !isBranchId(branchId) || !salt || !body || rest.length > 0) throw new SecretUnreadable('not a sealed value this box can open');
        return openBranched(branchId, Buffer.from(salt, 'base64url'), Buffer.from(body, 'base64url'), canonicalContext(context));
      }
      const [version, wrapped, body, ...rest] = sealed.split('.');
      if (version !== VERSION || !wrapped || !body || rest.length > 0) throw new SecretUnreadable('not a sealed value of this version');
      const dataKey = await wrapper.unwrapDataKey(Buffer.from(wrapped, 'base64url'), context);
      try {
        return decrypt(dataKey, Buffer.from(body, 'base64url'), canonicalContext(context)).toString('utf8');
      } finally {
        dataKey.fill(0);
      }
    },
  };
}

/** Local mode: the master key is 32 bytes from a file under the data folder. */
export function localKeyWrapper(masterKey: Buffer): KeyWrapper {
  if (masterKey.length !== 32) throw new Error('the local master key must be 32 bytes');
  return {
    async generateDataKey(context) {
      const plaintext = randomBytes(32);
      return { plaintext, wrapped: encrypt(masterKey, plaintext, canonicalContext(context)) };
    },
    async unwrapDataKey(wrapped, context) {
      return decrypt(masterKey, wrapped, canonicalContext(context));
    },
  };
}
