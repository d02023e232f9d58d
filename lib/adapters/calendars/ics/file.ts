import { open, type FileHandle } from 'node:fs/promises';
import { CalendarUnavailable } from '../../../core/ports/calendar.js';
import { FeedTooLarge } from './errors.js';

/** Reading an ICS file from disk (local mode, the CLI, `import-ics`). */

/** What identifies a version of a file without reading it. */
export interface FileValidators {
  mtimeMs: number;
  size: number;
}

export type FileRead =
  | { kind: 'not-modified' }
  | { kind: 'content'; bytes: Uint8Array; validators: FileValidators };

export async function readFileFeed(
  path: string,
  previous: Partial<FileValidators> | undefined,
  maxBytes: number,
): Promise<FileRead> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw new CalendarUnavailable(`Cannot read the calendar file ${path}: ${fileReason(error)}`, { cause: error });
  }
  try {
    // Stat and read through one handle, so the validators describe the bytes we return.
    const stat = await handle.stat();
    if (!stat.isFile()) throw new CalendarUnavailable(`The calendar file ${path} is not a file`);
    const validators = { mtimeMs: stat.mtimeMs, size: stat.size };
    if (previous?.mtimeMs === validators.mtimeMs && previous.size === validators.size) return { kind: 'not-modified' };
    if (stat.size > maxBytes) throw new FeedTooLarge(`The calendar file ${path}`, maxBytes);
    const bytes = await handle.readFile();
    if (bytes.length > maxBytes) throw new FeedTooLarge(`The calendar file ${path}`, maxBytes);
    return { kind: 'content', bytes, validators };
  } catch (error) {
    if (error instanceof CalendarUnavailable) throw error;
    throw new CalendarUnavailable(`Cannot read the calendar file ${path}: ${fileReason(error)}`, { cause: error });
  } finally {
    await handle.close();
  }
}

function fileReason(error: unknown): string {
  switch ((error as NodeJS.ErrnoException | undefined)?.code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a directory';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
