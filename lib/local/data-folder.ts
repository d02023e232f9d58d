import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../runtime/config.js';

/**
 * The local data folder (RAPPORT_DATA_DIR, default `.rapport/`): DynamoDB Local's files, the
 * signing key, the re-dated sample calendar. A lock file keeps two processes from opening the
 * same DynamoDB Local files at once.
 */

export class DataFolderBusy extends Error {
  override name = 'DataFolderBusy';
}

export function ensureDataFolder(dataDir: string): void {
  mkdirSync(join(dataDir, 'keys'), { recursive: true, mode: 0o700 });
}

/** A 32-byte key under `keys/`, created once and readable only by the user. */
function keyFile(dataDir: string, name: string): Buffer {
  const file = join(dataDir, 'keys', name);
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
  const hex = readFileSync(file, 'utf8').trim();
  // Never echo the content: it is (or was meant to be) a secret.
  if (!/^[0-9a-f]{64}$/.test(hex)) throw new ConfigError(`Invalid configuration: ${file} must hold 64 hex characters (32 bytes)`);
  return Buffer.from(hex, 'hex');
}

/** Signs CSRF, booking, manage and feed tokens. */
export function localSigningKey(dataDir: string): Buffer {
  return keyFile(dataDir, 'signing.key');
}

/** The local master key that seals OAuth tokens at rest (KMS plays this part in the cloud). */
export function localTokenKey(dataDir: string): Buffer {
  return keyFile(dataDir, 'tokens.key');
}

/** A process with this id exists (EPERM: it does, under another user). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the folder's lock; a stale lock from a dead process is replaced. Returns the release function. */
export function lockDataFolder(dataDir: string): () => void {
  const file = join(dataDir, 'rapport.lock');
  if (existsSync(file)) {
    const pid = Number(readFileSync(file, 'utf8'));
    if (Number.isInteger(pid) && pid !== process.pid && isProcessAlive(pid)) {
      throw new DataFolderBusy(
        `Another Rapport process (${pid}) is using ${dataDir}. Wait for it to finish or stop it (Ctrl-C), or set RAPPORT_DATA_DIR to another folder.`,
      );
    }
  }
  writeFileSync(file, String(process.pid));
  return () => rmSync(file, { force: true });
}
