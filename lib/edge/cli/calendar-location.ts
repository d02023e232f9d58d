import { homedir } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where `rapport import-ics` reads a calendar from, as a person types it: an http(s) or webcal
 * URL stays a URL; a `file://` URL, an absolute path, `~/…` and a path relative to the current
 * folder all become one absolute path (so the connection still works from another folder).
 */
export function calendarLocationOf(typed: string, cwd: string): string {
  const source = typed.trim();
  if (/^(https?|webcals?):\/\//i.test(source)) return source;
  if (/^file:\/\//i.test(source)) return fileURLToPath(source);
  if (source === '~' || source.startsWith('~/')) return resolve(homedir(), source.slice(2));
  return resolve(cwd, source);
}
