import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConfigOverrides } from '../../runtime/config.js';
import { ensureDataFolder } from '../data-folder.js';
import { sampleMailbox, SAMPLE_MAILBOX } from './sample-mailbox.js';
import { startGraphServer, type GraphServer } from './server.js';
import type { CertificateFiles } from './tls.js';

/**
 * `RAPPORT_MICROSOFT_FAKE=1 npm start`: the Graph fake in the same process, configured as if
 * it were Microsoft, so a person can click "Connect Outlook" locally, sign in on its page, and
 * see the sample mailbox's meetings synced and holds land in it. The process must trust the
 * certificate's CA (the CLI starts itself again with NODE_EXTRA_CA_CERTS for that).
 */

export interface LocalMicrosoftFake {
  fake: GraphServer;
  /** Configuration that points Rapport's Microsoft client at the fake. */
  config: Required<Pick<ConfigOverrides, 'microsoft'>>;
}

export interface LocalMicrosoftOptions {
  now: () => string;
  tls: Pick<CertificateFiles, 'certFile' | 'keyFile'>;
  dataDir: string;
}

/**
 * The fake's mailbox lives in memory, but Rapport stores Graph's delta link (an absolute URL)
 * as the connection's cursor. Keeping the port across runs lets a stored link reach the fake
 * again, which answers an unknown token with 410 and Rapport reads the calendar afresh;
 * a link to a port nobody listens on would fail every sync.
 */
const PORT_FILE = 'microsoft-fake.port';

function rememberedPort(dataDir: string): number {
  const file = join(dataDir, PORT_FILE);
  const port = existsSync(file) ? Number(readFileSync(file, 'utf8').trim()) : 0;
  return Number.isInteger(port) && port > 0 && port < 65536 ? port : 0;
}

async function startOnRememberedPort(options: Parameters<typeof startGraphServer>[0], dataDir: string): Promise<GraphServer> {
  const port = rememberedPort(dataDir);
  try {
    return await startGraphServer({ ...options, port });
  } catch (error) {
    if (port === 0 || (error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    return startGraphServer({ ...options, port: 0 });
  }
}

export async function startLocalMicrosoftFake(options: LocalMicrosoftOptions): Promise<LocalMicrosoftFake> {
  const client = { clientId: randomUUID(), clientSecret: randomBytes(30).toString('base64url') };
  ensureDataFolder(options.dataDir);
  const fake = await startOnRememberedPort({ ...client, tls: options.tls, consentPage: true }, options.dataDir);
  writeFileSync(join(options.dataDir, PORT_FILE), new URL(fake.url).port);
  fake.addMailbox(SAMPLE_MAILBOX.email, SAMPLE_MAILBOX.name);
  fake.signInAs(SAMPLE_MAILBOX.email);
  for (const event of sampleMailbox(options.now())) fake.putEvent(SAMPLE_MAILBOX.email, event);
  return {
    fake,
    // The fake answers under any tenant; `common` is what an unset RAPPORT_MICROSOFT_TENANT means.
    config: { microsoft: { ...client, tenant: 'common', authorityHost: fake.url, graphRoot: fake.graphRoot } },
  };
}
