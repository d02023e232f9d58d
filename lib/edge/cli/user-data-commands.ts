import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { HttpError } from '../http/errors.js';
import { openLocalWorld } from '../../local/local-runtime.js';
import { ContactNotFound } from '../../services/user-data-errors.js';
import { exportUserData, importUserData, InvalidExport, parseExport, StoreNotEmpty } from '../../services/export.js';
import { addNote } from '../../services/notes.js';
import { contactEmailFromPath } from '../web/contact-path.js';
import { noteInputFrom } from '../web/notes-input.js';
import { CliError, usageError } from './errors.js';
import type { CliContext } from './local-commands.js';

/** `note`, `export` and `import`: the user's own data (a note about a contact; everything, as JSON) on the local store. */

/** The same validation as the dashboard: its 400 message becomes the CLI's one-line error. */
function validated<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof HttpError) throw usageError(error.message);
    throw error;
  }
}

export const NOTE_USAGE = 'Usage: rapport note EMAIL "text"';

/** `rapport note EMAIL "text"`: adds a note about a contact. */
export async function runNote(argv: string[], ctx: CliContext): Promise<void> {
  const { positionals } = parseArgs({ args: argv, allowPositionals: true, options: {} });
  if (positionals.length !== 2) throw usageError(NOTE_USAGE);
  const email = validated(() => contactEmailFromPath(positionals[0]!));
  const input = validated(() => noteInputFrom({ text: positionals[1] }));
  const world = await openLocalWorld({ dataDir: ctx.dataDir, overrides: ctx.overrides });
  try {
    const { runtime } = world;
    const note = await addNote(runtime.store, runtime.config.localUserId, email, input, runtime.now()).catch((error: unknown) => {
      throw error instanceof ContactNotFound ? new CliError(`${error.message} (see \`rapport contacts\`)`) : error;
    });
    ctx.out(`Noted for ${email} (${note.text.length} characters).`);
  } finally {
    await world.close();
  }
}

/** `rapport export --json`: all of the user's data as JSON on stdout (never tokens). */
export async function runExport(argv: string[], ctx: CliContext): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { json: { type: 'boolean', default: false } } });
  if (!values.json) throw usageError('Usage: rapport export --json  (JSON is the only export format)');
  const world = await openLocalWorld({ dataDir: ctx.dataDir, overrides: ctx.overrides });
  try {
    const { runtime } = world;
    const data = await exportUserData(runtime.store, runtime.config.localUserId, runtime.now());
    if (!data.settings) throw new CliError('Rapport has no data here yet: nothing to export.');
    ctx.out(JSON.stringify(data, null, 2));
  } finally {
    await world.close();
  }
}

/** `rapport import FILE`: restores an export into an empty local store. */
export async function runImport(argv: string[], ctx: CliContext): Promise<void> {
  const { positionals } = parseArgs({ args: argv, allowPositionals: true, options: {} });
  if (positionals.length !== 1) throw usageError('Usage: rapport import FILE  (a file written by `rapport export --json`)');
  const file = resolve(positionals[0]!);
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : error instanceof SyntaxError ? 'not valid JSON' : 'cannot be read';
    throw new CliError(`${positionals[0]}: ${reason}.`);
  }
  let data;
  try {
    data = parseExport(raw);
  } catch (error) {
    if (error instanceof InvalidExport) throw new CliError(`${positionals[0]}: ${error.message}`);
    throw error;
  }
  const world = await openLocalWorld({ dataDir: ctx.dataDir, overrides: ctx.overrides });
  try {
    const { runtime } = world;
    const report = await importUserData(runtime.store, runtime.config.localUserId, data).catch((error: unknown) => {
      if (error instanceof StoreNotEmpty) throw new CliError(`${error.message} Use an empty data folder (RAPPORT_DATA_DIR) to restore.`);
      throw error;
    });
    ctx.out(`Imported ${report.contacts} contacts, ${report.meetings} meetings, ${report.notes} notes and ${report.intros} log entries.`);
  } finally {
    await world.close();
  }
}
