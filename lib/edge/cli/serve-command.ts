import { loadLocalOptions, type LocalOptions } from '../../runtime/config.js';
import { createLogger } from '../../runtime/log.js';
import { openBindProblem } from '../../local/bind-address.js';
import { ensureLocalCertificate, OpensslMissing, type CertificateFiles } from '../../local/graph-fake/tls.js';
import { DataFolderBusy } from '../../local/data-folder.js';
import { serve, type RunningRapport } from '../../local/serve.js';
import { CliError, usageError } from './errors.js';
import { localContext } from './local-context.js';
import { rerunTrusting, whenParentGone } from './trusted-restart.js';

/** `rapport serve` (what `npm start` runs): the local server until Ctrl-C. */

/** The local Microsoft fake's certificate, made once under the data folder. */
function microsoftFakeCertificate(dataDir: string): CertificateFiles {
  try {
    return ensureLocalCertificate(dataDir);
  } catch (error) {
    if (error instanceof OpensslMissing) throw new CliError(error.message);
    throw error;
  }
}

/**
 * Until asked to stop: Ctrl-C, SIGTERM, or (after a trusted restart) the parent going away.
 * Ctrl-C arrives more than once (the terminal signals the whole group, and npm and the restart's
 * parent pass it on too): repeats within a second are the same request, a later one means now.
 */
function untilStopped(server: RunningRapport, out: (line: string) => void): Promise<void> {
  return new Promise<void>((done) => {
    const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];
    let stoppingSince: number | undefined;
    let forgetParent = () => {};
    const finish = () => {
      for (const signal of signals) process.off(signal, stop);
      forgetParent();
      done();
    };
    const stop = () => {
      if (stoppingSince !== undefined) {
        if (Date.now() - stoppingSince > 1_000) process.exit(130);
        return;
      }
      stoppingSince = Date.now();
      out('Stopping Rapport…');
      server.stop().then(finish, finish);
    };
    for (const signal of signals) process.on(signal, stop);
    forgetParent = whenParentGone(stop);
  });
}

async function serveLocally(local: LocalOptions, out: (text: string) => void): Promise<number> {
  const certificate = local.microsoftFake ? microsoftFakeCertificate(local.dataDir) : undefined;
  // The fake speaks https (MSAL insists), and Node trusts an extra CA only from its start.
  if (certificate && local.trustedCaFile !== certificate.caFile) return rerunTrusting(certificate.caFile);
  const logger = createLogger({ level: local.logLevel === 'debug' ? 'debug' : 'warn' });
  const problem = openBindProblem(local.host, local.auth);
  if (problem) throw usageError(problem);
  const { dataDir, overrides } = localContext(local, out);
  const server = await serve({
    dataDir,
    port: local.port,
    host: local.host,
    sweepMinutes: 15,
    out,
    logger,
    overrides,
    googleFake: local.googleFake,
    ...(certificate ? { microsoftFake: { tls: certificate } } : {}),
  }).catch((error: unknown) => {
    // The folder is another process's: its message says what to do, and there is no bug to debug.
    throw error instanceof DataFolderBusy ? new CliError(error.message) : error;
  });
  await untilStopped(server, out);
  return 0;
}

export function runServe(_argv: string[], out: (text: string) => void): Promise<number> {
  return serveLocally(loadLocalOptions(), out);
}
