import type { CredentialRepository } from '../../core/ports/connections.js';
import type { SecretBox } from './envelope.js';

/**
 * A connection's secrets (a Google refresh token, an MSAL token cache) in and out of the
 * store: sealed before they are written, opened after they are read. The sealing context names
 * the user and the connection, so a sealed value only opens where it was written.
 */
export interface ConnectionSecrets {
  load(userId: string, connectionId: string): Promise<string | null>;
  save(userId: string, connectionId: string, secret: string): Promise<void>;
  remove(userId: string, connectionId: string): Promise<void>;
}

export function createConnectionSecrets(credentials: CredentialRepository, box: SecretBox): ConnectionSecrets {
  const contextOf = (userId: string, connectionId: string) => ({ purpose: 'rapport-connection', userId, connectionId });
  const reseal = async (userId: string, connectionId: string, sealed: string, secret: string) => {
    const resealed = await box.seal(secret, contextOf(userId, connectionId));
    if (!resealed.startsWith('v1.')) await credentials.replace(userId, connectionId, sealed, resealed);
  };
  return {
    async load(userId, connectionId) {
      const sealed = await credentials.get(userId, connectionId);
      if (sealed === null) return null;
      const secret = await box.open(sealed, contextOf(userId, connectionId));
      // A secret sealed with its own KMS-wrapped data key (v1) costs a KMS request at every
      // open: it is sealed again under the branch key once, unless a newer secret was saved meanwhile.
      // The move is a saving, not a duty: if it fails, the secret opened and the next load tries again.
      if (sealed.startsWith('v1.')) await reseal(userId, connectionId, sealed, secret).catch(() => undefined);
      return secret;
    },
    async save(userId, connectionId, secret) {
      await credentials.put(userId, connectionId, await box.seal(secret, contextOf(userId, connectionId)));
    },
    async remove(userId, connectionId) {
      await credentials.delete(userId, connectionId);
    },
  };
}
