import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A throwaway certificate authority and a `localhost` certificate for the run, so local
 * wire-format servers can speak HTTPS. MSAL refuses a non-https authority and the Graph client
 * attaches its auth header only to https hosts, so the tests reach them over TLS instead of
 * patching either library. node:crypto cannot issue certificates; openssl can.
 *
 * The CA is handed to the test workers through NODE_EXTRA_CA_CERTS, which Node reads at start:
 * set here, in the main process, before any worker is forked, every fetch in every worker
 * trusts it (and nothing else changes: no verification is switched off).
 */
export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'rapport-tls-'));
  const run = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  run(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=Rapport test CA', '-keyout', 'ca.key', '-out', 'ca.crt']);
  run(['req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-keyout', 'server.key', '-out', 'server.csr']);
  writeFileSync(join(dir, 'server.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n');
  run(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2', '-extfile', 'server.ext', '-out', 'server.crt']);
  process.env.NODE_EXTRA_CA_CERTS = join(dir, 'ca.crt');
  process.env.RAPPORT_TEST_TLS_CERT = join(dir, 'server.crt');
  process.env.RAPPORT_TEST_TLS_KEY = join(dir, 'server.key');
  return () => rmSync(dir, { recursive: true, force: true });
}
