#!/usr/bin/env node
// `npm run build`: the CLI as prebuilt JavaScript, so `rapport` starts without compiling
// TypeScript (tsx compiles on every start: ~1 s before the command even begins).
//
//   node bin/build.js                 build when the sources changed since the last build
//   node bin/build.js --force         build anyway
//   node bin/build.js --best-effort   never fail (npm ci, npm start and npm test call it this way:
//                                     without a build the CLI still runs, from its sources)
//
// One esbuild bundle of lib/edge/cli/main.ts, split at every dynamic import so each command
// loads only its own code, with npm packages left to node_modules. It lands in a new folder named
// by its sources' hashes, and current.json is switched to it in one rename: a CLI starting at
// that moment sees the old build or the new one whole, and a running `npm start` keeps the
// chunks it has yet to import.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BUILDS_DIR, MANIFEST, MANIFEST_FORMAT, PROJECT_ROOT, freshPrebuiltEntry, sha256Of } from './prebuilt.js';

const ENTRY = 'lib/edge/cli/main.ts';
/** Files that change what the same sources build into. */
const BUILD_INPUTS = ['bin/build.js', 'tsconfig.json', 'package.json'];
/** Older builds are kept this long, for processes still running from them. */
const KEEP_OLD_BUILDS_MS = 24 * 3_600_000;

/**
 * Bundling moves code into .build/cli/…, but some modules find files next to their source
 * (`new URL('../..', import.meta.url)` for the repository root, createRequire for DynamoDB
 * Local's jar): each such module keeps its own source location.
 * @type {import('esbuild').Plugin}
 */
const keepSourceLocation = {
  name: 'keep-source-location',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, async (args) => {
      if (args.path.includes('/node_modules/')) return undefined;
      const text = await readFile(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      return { contents: text.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)), loader: 'ts' };
    });
  },
};

/** @param {string} root */
export async function buildCli(root = PROJECT_ROOT) {
  const { build, version } = await import('esbuild');
  const buildsDir = join(root, BUILDS_DIR);
  const scratch = join(buildsDir, `tmp-${process.pid}-${Date.now()}`);
  mkdirSync(buildsDir, { recursive: true });
  try {
    const { metafile } = await build({
      absWorkingDir: root,
      entryPoints: { main: ENTRY },
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      packages: 'external',
      outdir: scratch,
      chunkNames: 'chunk-[hash]',
      // Readable stack traces: bin/rapport.js turns source maps on for --debug only (they cost start-up time).
      sourcemap: 'linked',
      sourcesContent: false,
      metafile: true,
      logLevel: 'silent',
      plugins: [keepSourceLocation],
    });
    const sources = [...new Set([...Object.keys(metafile.inputs), ...BUILD_INPUTS])].sort().map((path) => {
      const file = join(root, path);
      const { mtimeMs, size } = statSync(file);
      return /** @type {[string, number, number, string]} */ ([path, mtimeMs, size, sha256Of(file)]);
    });
    const id = createHash('sha256').update(JSON.stringify([MANIFEST_FORMAT, version, root, sources.map(([path, , , sha]) => [path, sha])])).digest('hex').slice(0, 16);
    const target = join(buildsDir, id);
    try {
      renameSync(scratch, target);
    } catch {
      // The same sources were built before (or by a concurrent build): that folder is as good.
      rmSync(scratch, { recursive: true, force: true });
      statSync(join(target, 'main.js'));
    }
    const manifest = { format: MANIFEST_FORMAT, root, build: id, entry: 'main.js', builtAt: new Date().toISOString(), esbuild: version, sources };
    const pending = join(root, `${MANIFEST}.${process.pid}`);
    writeFileSync(pending, `${JSON.stringify(manifest)}\n`);
    renameSync(pending, join(root, MANIFEST));
    removeOldBuilds(buildsDir, id);
    return { id, dir: relative(root, target), files: sources.length };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** @param {string} buildsDir @param {string} current */
function removeOldBuilds(buildsDir, current) {
  const now = Date.now();
  for (const entry of readdirSync(buildsDir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name === current) continue;
    const path = join(buildsDir, entry.name);
    if (now - statSync(path).mtimeMs > KEEP_OLD_BUILDS_MS) rmSync(path, { recursive: true, force: true });
  }
}

async function runFromCommandLine() {
  const args = new Set(process.argv.slice(2));
  const unknown = [...args].filter((a) => a !== '--force' && a !== '--best-effort');
  if (unknown.length > 0) {
    process.stderr.write(`build: unknown option ${unknown[0]} (use --force or --best-effort)\n`);
    return 2;
  }
  if (!args.has('--force') && freshPrebuiltEntry()) {
    // Quiet when called on the way to something else (npm start, npm test).
    if (!args.has('--best-effort')) process.stdout.write('rapport CLI: the build is up to date\n');
    return 0;
  }
  const started = Date.now();
  try {
    const built = await buildCli();
    process.stdout.write(`rapport CLI: built ${built.dir} from ${built.files} files in ${Date.now() - started} ms\n`);
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`rapport CLI: build failed: ${message}\n`);
    if (!args.has('--best-effort')) return 1;
    process.stderr.write('rapport CLI: runs from its TypeScript sources until `npm run build` succeeds\n');
    return 0;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exitCode = await runFromCommandLine();
