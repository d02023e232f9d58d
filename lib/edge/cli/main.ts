import type { CliContext } from './local-commands.js';
import { CliError, usageError } from './errors.js';

type Out = (text: string) => void;
type Command = (argv: string[], out: Out) => Promise<number | void>;
type LocalCommand = (argv: string[], ctx: CliContext) => Promise<void>;

/**
 * Every command's module is imported only when that command runs: `rapport infer` and
 * `rapport slots` start in a fraction of a second because they never load the local server,
 * DynamoDB Local's launcher or the AWS SDK.
 */

/** A command that works on the local store: its settings are read from the environment first. */
const onLocalStore = (load: () => Promise<LocalCommand>) => async (): Promise<Command> => {
  const [run, { loadLocalOptions }, { localContext }, { DataFolderBusy }] = await Promise.all([
    load(),
    import('../../runtime/config.js'),
    import('./local-context.js'),
    import('../../local/data-folder.js'),
  ]);
  return (argv, out) =>
    run(argv, localContext(loadLocalOptions(), out)).catch((error: unknown) => {
      // Another process holds the folder: its message says what to do, and there is no bug to debug.
      throw error instanceof DataFolderBusy ? new CliError(error.message) : error;
    });
};

const COMMANDS = new Map<string, () => Promise<Command>>([
  ['serve', async () => (await import('./serve-command.js')).runServe],
  ['demo', onLocalStore(async () => (await import('./local-commands.js')).runDemo)],
  ['sync', onLocalStore(async () => (await import('./local-commands.js')).runSync)],
  ['contacts', onLocalStore(async () => (await import('./local-commands.js')).runContacts)],
  ['import-ics', onLocalStore(async () => (await import('./local-commands.js')).runImportIcs)],
  ['propose', onLocalStore(async () => (await import('./coffee-commands.js')).runPropose)],
  ['review', onLocalStore(async () => (await import('./coffee-commands.js')).runReview)],
  ['note', onLocalStore(async () => (await import('./user-data-commands.js')).runNote)],
  ['export', onLocalStore(async () => (await import('./user-data-commands.js')).runExport)],
  ['import', onLocalStore(async () => (await import('./user-data-commands.js')).runImport)],
  ['infer', async () => (await import('./infer.js')).runInfer],
  ['slots', async () => (await import('./slots.js')).runSlots],
]);

/** The help text; it quotes infer's and slots' own usage lines, so it loads their modules. */
async function usage(): Promise<string> {
  const [{ INFER_USAGE }, { SLOTS_USAGE }] = await Promise.all([import('./infer.js'), import('./slots-args.js')]);
  return `Usage: rapport <command> [options]

Commands:
  serve                       run Rapport locally (what npm start does)
  demo [--json] [--now ISO]   sample calendar → sync → inference → proposals, in a fresh store; print a report
       [--book]               …then book the first proposal as its guest, sweep after the coffee, show the contact move
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
}

async function run(command: string | undefined, argv: string[], out: Out): Promise<number> {
  const load = command === undefined ? undefined : COMMANDS.get(command);
  if (load) return (await (await load())(argv, out)) ?? 0;
  if (command === undefined || command === 'help' || command === '--help') out(await usage());
  else throw usageError(`Unknown command "${command}".\n${await usage()}`);
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
