import type { KMSClient } from '@aws-sdk/client-kms';
import { SecretUnreadable, type KeyWrapper } from './envelope.js';

/**
 * The cloud's key wrapper: KMS makes and unwraps the data keys; the master key never leaves
 * KMS, and the encryption context is checked by KMS too (and shows in CloudTrail).
 * The SDK is imported on first use, so functions that never touch a secret do not load it.
 */
export function kmsKeyWrapper(keyId: string, client?: KMSClient): KeyWrapper {
  let kms: Promise<{ client: KMSClient; sdk: typeof import('@aws-sdk/client-kms') }> | undefined;
  const load = () =>
    (kms ??= import('@aws-sdk/client-kms').then((sdk) => ({ sdk, client: client ?? new sdk.KMSClient({}) })));
  return {
    async generateDataKey(context) {
      const { sdk, client: c } = await load();
      const out = await c.send(new sdk.GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_256', EncryptionContext: { ...context } }));
      if (!out.Plaintext || !out.CiphertextBlob) throw new Error('KMS returned no data key');
      return { plaintext: Buffer.from(out.Plaintext), wrapped: Buffer.from(out.CiphertextBlob) };
    },
    async unwrapDataKey(wrapped, context) {
      const { sdk, client: c } = await load();
      try {
        const out = await c.send(new sdk.DecryptCommand({ KeyId: keyId, CiphertextBlob: wrapped, EncryptionContext: { ...context } }));
        if (!out.Plaintext) throw new Error('KMS returned no plaintext');
        return Buffer.from(out.Plaintext);
      } catch (error) {
        if ((error as { name?: string }).name === 'InvalidCiphertextException') throw new SecretUnreadable('KMS refused the data key', { cause: error });
        throw error;
      }
    },
  };
}
