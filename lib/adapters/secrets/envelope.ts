import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Envelope encryption for secrets at rest (OAuth refresh tokens, MSAL token caches): each
 * secret is sealed with its own fresh 256-bit data key (AES-256-GCM), and only that data key,
 * wrapped by a master key, is stored next to it. The master key is AWS KMS in the cloud (it
 * never leaves KMS) and a key file under the data folder locally.
 *
 * The context (whose secret, for which connection) is bound to both layers as additional
 * authenticated data: a sealed value copied onto another user's item does not open.
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

export function createSecretBox(wrapper: KeyWrapper): SecretBox {
  return {
    async seal(plaintext, context) {
      const aad = canonicalContext(context);
      const { plaintext: dataKey, wrapped } = await wrapper.generateDataKey(context);
      try {
        const body = encrypt(dataKey, Buffer.from(plaintext, 'utf8'), aad);
        return [VERSION, wrapped.toString('base64url'), body.toString('base64url')].join('.');
      } finally {
        dataKey.fill(0);
      }
    },

    async open(sealed, context) {
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
