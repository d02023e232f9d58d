import { resolve } from 'node:path';
import { createLogger } from '../../runtime/log.js';
import { openBindProblem } from '../../local/bind-address.js';
import { ensureLocalCertificate, OpensslMissing, type CertificateFiles } from '../../local/graph-fake/tls.js';
import { serve, type RunningRapport } from '../../local/serve.js';
import { CliError, usageError } from './errors.js';
import { runPropose, runReview } from './coffee-commands.js';
import { INFER_USAGE, runInfer } from './infer.js';
import { runExport, runImport, runNote } from './user-data-commands.js';
import { runSlots, SLOTS_USAGE } from './slots.js';
import { runContacts, runDemo, runImportIcs, runSync, type CliContext } from './local-commands.js';
import { rerunTrusting, whenParentGone } from './trusted-restart.js';

const USAGE = `Usage: rapport <command> [options]

Commands:
  serve                       run Rapport locally (what npm start does)
  demo [--json] [--now ISO]   sample calendar → sync → inference, in a fresh store; print a report
  sync                        sync the local user's calendars once
  contacts [--due] [--json]   list contacts (or only those due)
  propose [--json]            propose coffees to due contacts now; prints the booking links
  review [--json]             the weekly review: due this week, waiting, booked, followed up, snoozed
  import-ics FILE|URL         connect an ICS calendar (file or published URL) and sync it
  note EMAIL "text"           add a note about a contact (at most 1,000 characters)
  export --json               all your data (settings, contacts, meetings, notes, intros) as JSON; never tokens
  import FILE                 restore an export into an empty data folder
  infer ${INFER_USAGE.replace('rapport infer ', '')}
                              dry run: which events were meetings, as JSON; stores nothing
  slots ${SLOTS_USAGE.replace('rapport slots ', '')}
                              dry run: free slots in coffee windows around busy ICS files

Options: --debug shows stack traces. Environment: PORT, RAPPORT_DATA_DIR (default .rapport), RAPPORT_GOOGLE_FAKE=1 (a local Google to connect),
RAPPORT_MICROSOFT_FAKE=1 (a local Outlook to connect; needs openssl).`;

function portFrom(env: NodeJS.ProcessEnv): number {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw usageError(`PORT must be a port number, not "${env.PORT}".`);
  return port;
}

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

async function runServe(ctx: CliContext): Promise<number> {
  const certificate = process.env.RAPPORT_MICROSOFT_FAKE === '1' ? microsoftFakeCertificate(ctx.dataDir) : undefined;
  // The fake speaks https (MSAL insists), and Node trusts an extra CA only from its start.
  if (certificate && process.env.NODE_EXTRA_CA_CERTS !== certificate.caFile) return rerunTrusting(certificate.caFile, process.env);
  const logger = createLogger({ level: process.env.RAPPORT_LOG_LEVEL === "debug" ? "debug" : "warn" });

  const host = process.env.RAPPORT_HOST ?? '127.0.0.1';
  const problem = openBindProblem(host, process.env.RAPPORT_AUTH === 'session' ? 'session' : 'local');
  if (problem) throw usageError(problem);
  const server = await serve({
    dataDir: ctx.dataDir,
    port: portFrom(process.env),
    host,
    sweepMinutes: 15,
    out: ctx.out,
    logger,
    googleFake: process.env.RAPPORT_GOOGLE_FAKE === '1',
    ...(certificate ? { microsoftFake: { tls: certificate } } : {}),
  });
  await untilStopped(server, ctx.out);
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  // A terminal wants warnings and errors, not a JSON line per sync (RAPPORT_LOG_LEVEL overrides).
  process.env.RAPPORT_LOG_LEVEL ??= 'warn';
  const debug = argv.includes('--debug');
  const args = argv.filter((a) => a !== '--debug');
  const [command, ...rest] = args;
  const ctx: CliContext = {
    dataDir: resolve(process.env.RAPPORT_DATA_DIR ?? '.rapport'),
    baseUrl: `http://localhost:${process.env.PORT ?? 3000}`,
    out: (text) => process.stdout.write(text + '\n'),
  };
  try {
    switch (command) {
      case 'serve':
        return await runServe(ctx);
      case 'demo':
        await runDemo(rest, ctx);
        break;
      case 'sync':
        await runSync(rest, ctx);
        break;
      case 'contacts':
        await runContacts(rest, ctx);
        break;
      case 'propose':
        await runPropose(rest, ctx);
        break;
      case 'review':
        await runReview(rest, ctx);
        break;
      case 'import-ics':
        await runImportIcs(rest, ctx);
        break;
      case 'note':
        await runNote(rest, ctx);
        break;
      case 'export':
        await runExport(rest, ctx);
        break;
      case 'import':
        await runImport(rest, ctx);
        break;
      case 'infer':
        await runInfer(rest, ctx.out);
        break;
      case 'slots':
        await runSlots(rest, ctx.out);
        break;
      case undefined:
      case 'help':
      case '--help':
        ctx.out(USAGE);
        break;
      default:
        throw usageError(`Unknown command "${command}".\n${USAGE}`);
    }
    return 0;
  } catch (error) {
    const known = error instanceof CliError;
    // parseArgs reports unknown or malformed options with this code: a usage problem, not a crash.
    const usage = (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`rapport: ${message}\n`);
    if (debug && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    else if (!known && !usage) process.stderr.write('(run with --debug for details)\n');
    return known ? error.exitCode : usage ? 2 : 1;
  }
}
