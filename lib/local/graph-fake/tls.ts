import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A certificate authority and a `localhost` certificate it issued, for the Graph fake's HTTPS.
 * MSAL refuses a non-https authority and the Graph client attaches its token only to https
 * hosts, so the fake is reached over TLS rather than by switching verification off; the process
 * that calls it trusts the CA through NODE_EXTRA_CA_CERTS. node:crypto cannot issue
 * certificates; openssl can, and is already what the test suite needs.
 */

export interface CertificateFiles {
  /** The CA to trust (NODE_EXTRA_CA_CERTS). */
  caFile: string;
  certFile: string;
  keyFile: string;
}

export class OpensslMissing extends Error {
  override name = 'OpensslMissing';
}

export interface IssueOptions {
  /** How long both certificates are valid. */
  days: number;
  /** The CA's common name, as a browser or `openssl x509` would show it. */
  caName: string;
  /** The openssl binary; found on PATH by default. */
  openssl?: string;
}

function run(openssl: string, dir: string, args: string[]): void {
  try {
    execFileSync(openssl, args, { cwd: dir, stdio: 'pipe' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new OpensslMissing('RAPPORT_MICROSOFT_FAKE=1 needs openssl to make the local HTTPS certificate (MSAL only talks to https): install it (Debian/Ubuntu: apt-get install openssl) and start again.', { cause: error });
    }
    const stderr = String((error as { stderr?: Buffer }).stderr ?? '').trim().split('\n')[0];
    throw new Error(`openssl ${args[0]} failed: ${stderr || (error as Error).message}`, { cause: error });
  }
}

/** Issues a fresh CA and a certificate for localhost and 127.0.0.1 into `dir` (created if needed). */
export function issueLocalhostCertificate(dir: string, options: IssueOptions): CertificateFiles {
  const openssl = options.openssl ?? 'openssl';
  const days = String(options.days);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  run(openssl, dir, ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', days, '-subj', `/CN=${options.caName}`, '-keyout', 'ca.key', '-out', 'ca.crt']);
  run(openssl, dir, ['req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-keyout', 'server.key', '-out', 'server.csr']);
  writeFileSync(join(dir, 'server.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n');
  run(openssl, dir, ['x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-days', days, '-extfile', 'server.ext', '-out', 'server.crt']);
  for (const key of ['ca.key', 'server.key']) chmodSync(join(dir, key), 0o600);
  return filesIn(dir);
}

function filesIn(dir: string): CertificateFiles {
  return { caFile: join(dir, 'ca.crt'), certFile: join(dir, 'server.crt'), keyFile: join(dir, 'server.key') };
}

/** Still usable tomorrow: a run started now should not see its certificate expire. */
function usable(files: CertificateFiles, nowMs: number): boolean {
  if (![files.caFile, files.certFile, files.keyFile].every((file) => existsSync(file))) return false;
  try {
    return Date.parse(new X509Certificate(readFileSync(files.certFile)).validTo) - nowMs > 86_400_000;
  } catch {
    return false;
  }
}

/**
 * The local run's certificate, under `<data folder>/tls/`: made on first use and kept, so the
 * CA a browser or a curl was told to trust stays the same; made again when missing or ending.
 */
export function ensureLocalCertificate(dataDir: string, options: { openssl?: string; nowMs?: number } = {}): CertificateFiles {
  const dir = join(dataDir, 'tls');
  const files = filesIn(dir);
  if (usable(files, options.nowMs ?? Date.now())) return files;
  rmSync(dir, { recursive: true, force: true });
  return issueLocalhostCertificate(dir, { days: 825, caName: 'Rapport local CA', ...(options.openssl ? { openssl: options.openssl } : {}) });
}
