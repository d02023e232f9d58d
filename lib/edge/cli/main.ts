import { loadLocalOptions, type LocalOptions } from '../../runtime/config.js';
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

/** What the local commands share: the data folder, where booking links point, a terminal's log level. */
function localContext(local: LocalOptions, out: (text: string) => void): CliContext {
  return { dataDir: local.dataDir, baseUrl: `http://localhost:${local.port}`, overrides: { logLevel: local.logLevel }, out };
}

async function runServe(local: LocalOptions, out: (text: string) => void): Promise<number> {
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
  });
  await untilStopped(server, out);
  return 0;
}

/** Commands that work on the local store, by name. */
const LOCAL_COMMANDS = new Map<string | undefined, (argv: string[], ctx: CliContext) => Promise<void>>([
  ['demo', runDemo],
  ['sync', runSync],
  ['contacts', runContacts],
  ['propose', runPropose],
  ['review', runReview],
  ['import-ics', runImportIcs],
  ['note', runNote],
  ['export', runExport],
  ['import', runImport],
]);

async function run(command: string | undefined, argv: string[], out: (text: string) => void): Promise<number> {
  const local = LOCAL_COMMANDS.get(command);
  if (local) await local(argv, localContext(loadLocalOptions(), out));
  else if (command === 'serve') return runServe(loadLocalOptions(), out);
  else if (command === 'infer') await runInfer(argv, out);
  else if (command === 'slots') await runSlots(argv, out);
  else if (command === undefined || command === 'help' || command === '--help') out(USAGE);
  else throw usageError(`Unknown command "${command}".\n${USAGE}`);
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  const debug = argv.includes('--debug');
  const [command, ...rest] = argv.filter((a) => a !== '--debug');
  try {
    return await run(command, rest, (text) => process.stdout.write(text + '\n'));
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
