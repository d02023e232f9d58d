import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { bundleOptions } from '../infra/bundling.js';
import { round, type Budget, type SectionResult } from './report.js';
import { median } from './stats.js';

/**
 * Section 5: each Lambda bundle as the stack builds it (infra/bundling.ts): the entry chunk a
 * cold start loads, all chunks together, and the cold import time of the entry against bare
 * `node -e 0`, both started the same way, in pairs, in the same run. The DynamoDB client
 * alone costs about 1.7× bare node; the rest of a function should add little to it.
 *
 * The ratio is the median of the pairs' ratios: a pair runs back to back, so a stretch of
 * load on the machine slows both halves of the pairs it falls on, where the ratio of two
 * separate medians let a few slow bundle runs against quick bare ones move it by 20 %.
 */

const IMPORT_RUNS = 21;
const SIZE_BUDGET_KB = 400;
const COLD_RATIO_BUDGET = 1.8;
/**
 * Provider SDKs load where a token or a provider request is used (dynamic `import()`), never
 * with a function: not even the OAuth start page, the Graph validation echo or the queue
 * hand-off needs them at cold start.
 */
const PROVIDER_SDKS = /node_modules\/(@azure\/msal-|@microsoft\/microsoft-graph-client|@googleapis\/|googleapis-common|google-auth-library|gaxios|gtoken)/;

function sizeOf(dir: string): number {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((f) => f.isFile() && f.name.endsWith('.mjs'))
    .reduce((sum, f) => sum + statSync(join(f.parentPath, f.name)).size, 0);
}

function startupMs(args: string[]): number {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { stdio: 'ignore' });
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} failed`);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export async function benchBundles(): Promise<SectionResult> {
  const out = mkdtempSync(join(tmpdir(), 'rapport-bundles-'));
  const entries = readdirSync('functions').filter((f) => f.endsWith('.ts')).sort();
  const rows: { fn: string; entryKb: number; coldKb: number; providerKb: number; totalKb: number; ratio: number }[] = [];
  for (const file of entries) {
    const fn = basename(file, '.ts');
    const dir = join(out, fn);
    const { metafile } = await build(bundleOptions(join('functions', file), dir));
    const entryPath = join(dir, 'index.mjs');
    const cold = staticClosure(metafile!, Object.keys(metafile!.outputs).find((o) => o.endsWith('/index.mjs'))!);
    const coldKb = closureBytes(metafile!, cold) / 1024;
    const providerKb = closureBytes(metafile!, cold, (input) => PROVIDER_SDKS.test(input)) / 1024;
    // The handler module only: importing it must not do a request's work (config, clients).
    const importIt = ['--input-type=module', '-e', `await import(${JSON.stringify(pathToFileURL(entryPath).href)})`];
    const bare = ['--input-type=module', '-e', '0'];
    const ratios: number[] = [];
    for (let i = 0; i < IMPORT_RUNS; i++) {
      // Alternate which half goes first, so neither always runs right after the other.
      let bareMs: number;
      let bundleMs: number;
      if (i % 2 === 0) {
        bareMs = startupMs(bare);
        bundleMs = startupMs(importIt);
      } else {
        bundleMs = startupMs(importIt);
        bareMs = startupMs(bare);
      }
      ratios.push(bundleMs / bareMs);
    }
    rows.push({ fn, entryKb: statSync(entryPath).size / 1024, coldKb, providerKb, totalKb: sizeOf(dir) / 1024, ratio: median(ratios) });
  }
  const budgets: Budget[] = rows.flatMap((r) => [
    { name: `${r.fn}: code loaded at cold start`, measured: round(r.coldKb, 1), limit: SIZE_BUDGET_KB, unit: 'KB', kind: 'max' as const },
    { name: `${r.fn}: cold import vs bare node`, measured: round(r.ratio, 2), limit: COLD_RATIO_BUDGET, unit: '×', kind: 'max' as const },
    { name: `${r.fn}: provider SDK code loaded at cold start`, measured: round(r.providerKb, 1), limit: 0, unit: 'KB', kind: 'exact' as const },
  ]);
  const googleapis = await fullGoogleapisSize(out);
  return {
    id: 'bundles',
    title: 'Lambda bundles (esbuild, minified, ESM, node22, split)',
    figures: [
      ...rows.map((r) => ({ label: r.fn, value: `loaded at cold start ${round(r.coldKb, 1)} KB (entry ${round(r.entryKb, 1)} KB + its static imports), all chunks ${round(r.totalKb, 1)} KB, cold import ${round(r.ratio, 2)}× bare node` })),
      googleapis,
    ],
    budgets,
    charts: [{ title: 'Code loaded at cold start', unit: 'KB', series: rows.map((r) => ({ label: r.fn, value: round(r.coldKb, 1) })) }],
  };
}

/** The entry chunk and every chunk it imports statically: what a cold start reads before the first request. */
function staticClosure(metafile: Metafile, entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (output: string) => {
    if (seen.has(output)) return;
    seen.add(output);
    for (const imported of metafile.outputs[output]?.imports ?? []) if (imported.kind === 'import-statement' && !imported.external) visit(imported.path);
  };
  visit(entry);
  return seen;
}

/** Bytes of those chunks; with `from`, only the bytes that came from the inputs it accepts. */
function closureBytes(metafile: Metafile, outputs: Set<string>, from?: (input: string) => boolean): number {
  let sum = 0;
  for (const o of outputs) {
    const output = metafile.outputs[o]!;
    if (!from) sum += output.bytes;
    else for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) if (from(input)) sum += bytesInOutput;
  }
  return sum;
}

/**
 * What `googleapis` (every Google API) would weigh for the same calendar client, against the
 * per-API `@googleapis/calendar` we ship. Installed into a scratch folder from the npm
 * registry at bench time, so the project never depends on it.
 */
async function fullGoogleapisSize(out: string): Promise<{ label: string; value: string }> {
  const label = 'calendar client: googleapis vs @googleapis/calendar';
  const scratch = join(out, 'googleapis-compare');
  mkdirSync(scratch, { recursive: true });
  try {
    execFileSync('npm', ['install', '--prefix', scratch, '--no-audit', '--no-fund', '--ignore-scripts', 'googleapis@latest'], { stdio: 'ignore', timeout: 180_000 });
  } catch {
    return { label, value: 'googleapis could not be installed (no registry access): not measured' };
  }
  const measure = async (name: string, code: string, resolveDir: string) => {
    const entry = join(scratch, `${name}.mjs`);
    writeFileSync(entry, code);
    const result = await build({ ...bundleOptions(entry, join(scratch, `out-${name}`)), absWorkingDir: resolveDir, nodePaths: [join(resolveDir, 'node_modules')] });
    void result;
    return sizeOf(join(scratch, `out-${name}`)) / 1024;
  };
  const full = await measure('full', "import { google } from 'googleapis'; export const c = google.calendar('v3');", scratch);
  const perApi = await measure('per-api', "import { calendar } from '@googleapis/calendar'; export const c = calendar('v3');", process.cwd());
  return { label, value: `${round(full, 1)} KB vs ${round(perApi, 1)} KB: the full package would add ${round(full - perApi, 1)} KB` };
}
