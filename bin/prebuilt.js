// Where the prebuilt CLI lives, and whether it is exactly today's sources. Plain JavaScript,
// because it runs before anything is built; bin/rapport.js asks it on every start, so it only
// reads one small JSON file and stats the sources (a file is hashed only when its mtime moved).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const PROJECT_ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
/** Under the project, gitignored: one folder per build, named by what went into it. */
export const BUILDS_DIR = join('.build', 'cli');
/** The build to run and every source it was made from, with their mtime, size and SHA-256. */
export const MANIFEST = join(BUILDS_DIR, 'current.json');
/** Bumped when the manifest's shape changes, so an older one is never misread. */
export const MANIFEST_FORMAT = 1;

/** @param {string} path */
export function sha256Of(path) {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/**
 * The file URL of the prebuilt CLI entry, or undefined when there is none or any of its sources
 * changed since it was built: then the caller runs the sources themselves, so a stale build can
 * never run old code. A size change decides at once; an mtime change alone (a checkout, a
 * `touch`, a copy that kept older times) is settled by the content's hash.
 * @param {string} [root]
 * @returns {string | undefined}
 */
export function freshPrebuiltEntry(root = PROJECT_ROOT) {
  const manifest = readManifest(root);
  if (!manifest) return undefined;
  for (const [path, mtimeMs, size, sha256] of manifest.sources) {
    const file = join(root, path);
    const stat = statSync(file, { throwIfNoEntry: false });
    if (!stat || stat.size !== size) return undefined;
    if (stat.mtimeMs !== mtimeMs && sha256Of(file) !== sha256) return undefined;
  }
  const entry = join(root, BUILDS_DIR, manifest.build, manifest.entry);
  return existsSync(entry) ? pathToFileURL(entry).href : undefined;
}

/**
 * @param {string} root
 * @returns {{ format: number, root: string, build: string, entry: string, sources: [string, number, number, string][] } | undefined}
 */
export function readManifest(root) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(join(root, MANIFEST), 'utf8'));
  } catch {
    return undefined;
  }
  // A build records absolute source locations (see build.js), so a moved checkout needs its own.
  if (manifest?.format !== MANIFEST_FORMAT || manifest.root !== root || !Array.isArray(manifest.sources)) return undefined;
  return manifest;
}
