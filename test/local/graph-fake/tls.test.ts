import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureLocalCertificate, OpensslMissing } from '../../../lib/local/graph-fake/tls.js';

/** The local run's certificate for the Graph fake's HTTPS, made with openssl under the data folder. */
describe('the local certificate', () => {
  it('is made once under <data folder>/tls and kept: the CA to trust stays the same across starts', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'rapport-tls-local-'));
    const first = ensureLocalCertificate(dataDir);
    expect(first.caFile).toBe(join(dataDir, 'tls', 'ca.crt'));
    const ca = new X509Certificate(readFileSync(first.caFile));
    const server = new X509Certificate(readFileSync(first.certFile));
    expect(server.checkIssued(ca)).toBe(true);
    expect(server.checkHost('localhost')).toBe('localhost');
    expect(server.checkIP('127.0.0.1')).toBe('127.0.0.1');

    const second = ensureLocalCertificate(dataDir);
    expect(readFileSync(second.caFile, 'utf8')).toBe(readFileSync(first.caFile, 'utf8'));
  });

  it('is made again when it would end within a day', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'rapport-tls-local-'));
    const first = ensureLocalCertificate(dataDir);
    const firstCa = readFileSync(first.caFile, 'utf8');
    const validTo = Date.parse(new X509Certificate(readFileSync(first.certFile)).validTo);
    const renewed = ensureLocalCertificate(dataDir, { nowMs: validTo - 3_600_000 });
    expect(readFileSync(renewed.caFile, 'utf8')).not.toBe(firstCa);
  });

  it('without openssl, says in one line to install it', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'rapport-tls-local-'));
    const attempt = () => ensureLocalCertificate(dataDir, { openssl: '/nonexistent/bin/openssl' });
    expect(attempt).toThrow(OpensslMissing);
    expect(attempt).toThrow(/needs openssl.*install it/);
    try {
      attempt();
    } catch (error) {
      expect((error as Error).message).not.toContain('\n');
    }
  });
});
