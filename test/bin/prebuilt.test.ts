import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { buildCli } from '../../bin/build.js';
import { BUILDS_DIR, MANIFEST, MANIFEST_FORMAT, PROJECT_ROOT, freshPrebuiltEntry, readManifest, sha256Of } from '../../bin/prebuilt.js';

/**
 * bin/rapport.js runs the prebuilt CLI only when it is exactly today's sources; anything else
 * runs the sources through tsx. A made-up project here: two sources, a manifest and an entry.
 */
function project() {
  const root = mkdtempSync(join(tmpdir(), 'rapport-prebuilt-'));
  mkdirSync(join(root, 'lib'));
  writeFileSync(join(root, 'lib', 'a.ts'), 'export const a = 1;\n');
  writeFileSync(join(root, 'lib', 'b.ts'), 'export const b = 2;\n');
  mkdirSync(join(root, BUILDS_DIR, 'b1'), { recursive: true });
  writeFileSync(join(root, BUILDS_DIR, 'b1', 'main.js'), 'export const main = async () => 0;\n');
  const record = (path: string) => {
    const { mtimeMs, size } = statSync(join(root, path));
    return [path, mtimeMs, size, sha256Of(join(root, path))];
  };
  const manifest = { format: MANIFEST_FORMAT, root, build: 'b1', entry: 'main.js', sources: [record('lib/a.ts'), record('lib/b.ts')] };
  writeFileSync(join(root, MANIFEST), JSON.stringify(manifest));
  return { root, source: (path: string) => join(root, path), manifest };
}

const inAnHour = new Date(Date.now() + 3_600_000);
const aYearAgo = new Date(Date.now() - 365 * 86_400_000);

describe('the prebuilt CLI is run only when it is exactly the current sources', () => {
  it('runs a build whose sources are unchanged', () => {
    const { root } = project();
    expect(freshPrebuiltEntry(root)).toBe(pathToFileURL(join(root, BUILDS_DIR, 'b1', 'main.js')).href);
  });

  it('keeps a build when a source was only touched (a checkout rewrites mtimes, not content)', () => {
    const { root, source } = project();
    utimesSync(source('lib/a.ts'), inAnHour, inAnHour);
    expect(freshPrebuiltEntry(root)).toBeDefined();
  });

  it('drops a build when a source changed, even at the same size', () => {
    const { root, source } = project();
    writeFileSync(source('lib/a.ts'), 'export const a = 7;\n');
    expect(freshPrebuiltEntry(root)).toBeUndefined();
  });

  it('drops a build when a changed source carries an older mtime (a copy that kept its times)', () => {
    const { root, source } = project();
    writeFileSync(source('lib/b.ts'), 'export const b = 3;\n');
    utimesSync(source('lib/b.ts'), aYearAgo, aYearAgo);
    expect(freshPrebuiltEntry(root)).toBeUndefined();
  });

  it('drops a build when a source is gone', () => {
    const { root, source } = project();
    rmSync(source('lib/b.ts'));
    expect(freshPrebuiltEntry(root)).toBeUndefined();
  });

  it('has nothing to run without a manifest, with a damaged one, or with its entry gone', () => {
    const none = project();
    rmSync(join(none.root, MANIFEST));
    expect(freshPrebuiltEntry(none.root)).toBeUndefined();
    const damaged = project();
    writeFileSync(join(damaged.root, MANIFEST), '{"format": 1, "sour');
    expect(freshPrebuiltEntry(damaged.root)).toBeUndefined();
    const noEntry = project();
    rmSync(join(noEntry.root, BUILDS_DIR, 'b1', 'main.js'));
    expect(freshPrebuiltEntry(noEntry.root)).toBeUndefined();
  });

  it('does not run a build made for another checkout or in another manifest format', () => {
    const moved = project();
    writeFileSync(join(moved.root, MANIFEST), JSON.stringify({ ...moved.manifest, root: '/somewhere/else' }));
    expect(freshPrebuiltEntry(moved.root)).toBeUndefined();
    const older = project();
    writeFileSync(join(older.root, MANIFEST), JSON.stringify({ ...older.manifest, format: MANIFEST_FORMAT + 1 }));
    expect(freshPrebuiltEntry(older.root)).toBeUndefined();
  });
});

describe('the build (npm run build)', () => {
  it('records every source of the CLI and makes an entry that answers `rapport infer` as the sources do', async () => {
    const built = await buildCli();
    const manifest = readManifest(PROJECT_ROOT)!;
    expect(manifest.build).toBe(built.id);
    const recorded = manifest.sources.map(([path]) => path);
    expect(recorded).toEqual(expect.arrayContaining(['lib/edge/cli/main.ts', 'lib/edge/cli/infer.ts', 'lib/local/serve.ts', 'tsconfig.json', 'bin/build.js']));
    expect(recorded.some((path) => path.includes('node_modules'))).toBe(false);

    const dir = mkdtempSync(join(tmpdir(), 'rapport-prebuilt-infer-'));
    const calendar = join(dir, 'one.ics');
    writeFileSync(
      calendar,
      ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN', 'BEGIN:VEVENT', 'UID:one@test', 'DTSTART:20270323T083000Z', 'DTEND:20270323T090000Z',
        'ATTENDEE:mailto:me@example.com', 'ATTENDEE:mailto:jane@example.com', 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n'),
    );
    const entry = join(PROJECT_ROOT, BUILDS_DIR, built.id, 'main.js');
    const args = ['infer', calendar, '--me', 'me@example.com', '--now', '2027-03-24T12:00:00Z', '--json'];
    const script = `const { main } = await import(${JSON.stringify(pathToFileURL(entry).href)}); process.exitCode = await main(${JSON.stringify(args)});`;
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script]);
    expect(JSON.parse(stdout)).toEqual({
      meetings: [{ uid: 'one@test', start: '2027-03-23T08:30:00.000Z', end: '2027-03-23T09:00:00.000Z', with: ['jane@example.com'] }],
      excluded: [],
    });
  }, 120_000);
});
