import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { issueLocalhostCertificate } from '../../lib/local/graph-fake/tls.js';

/**
 * A throwaway certificate authority and a `localhost` certificate for the run, so the local
 * Graph fake (lib/local/graph-fake/) can speak HTTPS: MSAL refuses a non-https authority and
 * the Graph client attaches its auth header only to https hosts, so the tests reach it over
 * TLS instead of patching either library.
 *
 * The CA is handed to the test workers through NODE_EXTRA_CA_CERTS, which Node reads at start:
 * set here, in the main process, before any worker is forked, every fetch in every worker
 * trusts it (and nothing else changes: no verification is switched off).
 */
export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'rapport-tls-'));
  const files = issueLocalhostCertificate(dir, { days: 2, caName: 'Rapport test CA' });
  process.env.NODE_EXTRA_CA_CERTS = files.caFile;
  process.env.RAPPORT_TEST_TLS_CERT = files.certFile;
  process.env.RAPPORT_TEST_TLS_KEY = files.keyFile;
  return () => rmSync(dir, { recursive: true, force: true });
}

/** The run's `localhost` certificate, for `startGraphServer({ tls })` in a test worker. */
export function testCertificate(): { certFile: string; keyFile: string } {
  const certFile = process.env.RAPPORT_TEST_TLS_CERT;
  const keyFile = process.env.RAPPORT_TEST_TLS_KEY;
  if (!certFile || !keyFile) throw new Error('No test certificate: is test/support/test-tls.ts in vitest.config.ts globalSetup?');
  return { certFile, keyFile };
}
