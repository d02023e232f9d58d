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
  return {
    async load(userId, connectionId) {
      const sealed = await credentials.get(userId, connectionId);
      return sealed === null ? null : box.open(sealed, contextOf(userId, connectionId));
    },
    async save(userId, connectionId, secret) {
      await credentials.put(userId, connectionId, await box.seal(secret, contextOf(userId, connectionId)));
    },
    async remove(userId, connectionId) {
      await credentials.delete(userId, connectionId);
    },
  };
}
