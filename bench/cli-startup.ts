import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshPrebuiltEntry, readManifest, PROJECT_ROOT } from '../bin/prebuilt.js';
import { round, type SectionResult } from './report.js';
import { median, percentile, timeRuns } from './stats.js';

/**
 * The CLI's start-up as people meet it: each run a separate process of bin/rapport.js, wall
 * time to exit, against bare `node -e 0` started the same way, interleaved, in the same run
 * (these machines are noisy). `rapport infer` reads a one-event file; `rapport slots` one window
 * and no busy file. Beside them: the same `infer` from the TypeScript sources through tsx (what
 * a missing or stale build falls back to, and what every run cost before the CLI was built),
 * and the check bin/rapport.js makes on every start that its build is today's sources.
 */

const RUNS = 15;
const FROM_SOURCES_RUNS = 5;
const INFER_BUDGET_MS = 500;

const ONE_EVENT = [
  'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Rapport bench//EN',
  'BEGIN:VEVENT', 'UID:coffee@bench', 'DTSTART:20270323T083000Z', 'DTEND:20270323T090000Z', 'SUMMARY:Coffee',
  'ATTENDEE:mailto:me@example.com', 'ATTENDEE:mailto:jane@example.com', 'END:VEVENT',
  'END:VCALENDAR', '',
].join('\r\n');

/**
 * CPU milliseconds (user + system) of every child this process has waited for, from Linux's
 * /proc (clock ticks, assumed 100 a second): unlike wall time, it hardly moves when other work
 * shares the machine. Undefined elsewhere.
 */
function childrenCpuMs(): number | undefined {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').replace(/^.*\) /, '').split(' ');
    // After the command name: cutime and cstime are fields 16 and 17 of the line, 14 and 15 here (0-based, from the state).
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return undefined;
  }
}

/** Wall and CPU milliseconds of one process, which must succeed. */
function processMs(args: string[]): { wall: number; cpu: number | undefined } {
  const cpuBefore = childrenCpuMs();
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const wall = Number(process.hrtime.bigint() - start) / 1e6;
  const cpuAfter = childrenCpuMs();
  if (result.status !== 0) throw new Error(`node ${args.slice(0, 3).join(' ')} … failed: ${result.stderr.toString().trim()}`);
  return { wall, cpu: cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore };
}

/** Builds the CLI when its sources changed (as npm start and npm test do), so the prebuilt start is what is measured. */
function ensureBuilt(): boolean {
  const result = spawnSync(process.execPath, ['bin/build.js'], { cwd: PROJECT_ROOT, encoding: 'utf8' });
  if (result.status !== 0) process.stderr.write(`bench: the CLI could not be built: ${result.stderr.trim()}\n`);
  return freshPrebuiltEntry() !== undefined;
}

type Run = ReturnType<typeof processMs>;

export function benchCliStartup(): SectionResult {
  const built = ensureBuilt();
  const file = join(mkdtempSync(join(tmpdir(), 'rapport-cli-startup-')), 'one-event.ics');
  writeFileSync(file, ONE_EVENT);
  const inferArgs = ['infer', file, '--me', 'me@example.com', '--now', '2027-03-24T12:00:00Z', '--json'];
  const slotsArgs = ['slots', '--zone', 'Europe/London', '--window', 'tue 08:30-10:00', '--from', '2027-03-22T00:00:00Z', '--to', '2027-03-29T00:00:00Z', '--duration', '30', '--json'];
  const fromSources = [
    '--input-type=module', '-e',
    `import { register } from 'tsx/esm/api'; register(); const { main } = await import('./lib/edge/cli/main.ts'); process.exitCode = await main(${JSON.stringify(inferArgs)});`,
  ];
  const answer = spawnSync(process.execPath, ['bin/rapport.js', ...inferArgs], { cwd: PROJECT_ROOT, encoding: 'utf8' });
  const meetings = (JSON.parse(answer.stdout) as { meetings: unknown[] }).meetings.length;
  if (meetings !== 1) throw new Error(`rapport infer found ${meetings} meetings in the one-event file`);

  const runs = { bare: [] as Run[], infer: [] as Run[], slots: [] as Run[], sources: [] as Run[] };
  for (let run = 0; run < RUNS; run++) {
    runs.bare.push(processMs(['-e', '0']));
    runs.infer.push(processMs(['bin/rapport.js', ...inferArgs]));
    runs.slots.push(processMs(['bin/rapport.js', ...slotsArgs]));
    if (run % Math.ceil(RUNS / FROM_SOURCES_RUNS) === 0) runs.sources.push(processMs(fromSources));
  }
  const wall = (list: Run[]) => list.map((r) => r.wall);
  const samples = { bare: wall(runs.bare), infer: wall(runs.infer), slots: wall(runs.slots), sources: wall(runs.sources) };
  const cpu = (list: Run[]) => (list.every((r) => r.cpu !== undefined) ? `, CPU ${round(median(list.map((r) => r.cpu!)), 0)} ms` : '');
  const check = median(timeRuns(() => freshPrebuiltEntry(), 200, 20));
  const sources = readManifest(PROJECT_ROOT)?.sources.length ?? 0;
  const [bare, infer, slots, fromTs] = [samples.bare, samples.infer, samples.slots, samples.sources].map(median) as [number, number, number, number];
  const ms = (value: number) => `${round(value, 0)} ms`;
  return {
    id: 'cli-startup',
    title: 'CLI start-up (separate processes, wall time to exit)',
    figures: [
      { label: 'bare node -e 0', value: `median ${ms(bare)} (p90 ${ms(percentile(samples.bare, 90))})${cpu(runs.bare)}, ${RUNS} runs` },
      { label: 'rapport infer, one-event file', value: `median ${ms(infer)} (p90 ${ms(percentile(samples.infer, 90))})${cpu(runs.infer)}, ${round(infer / bare, 2)}× bare node, ${ms(infer - bare)} above it${built ? '' : ' — NO FRESH BUILD: this is the run from sources'}` },
      { label: 'rapport slots, one window', value: `median ${ms(slots)} (p90 ${ms(percentile(samples.slots, 90))})${cpu(runs.slots)}, ${round(slots / bare, 2)}× bare node` },
      { label: 'rapport infer from the TypeScript sources (tsx)', value: `median ${ms(fromTs)}${cpu(runs.sources)}, ${samples.sources.length} runs: what a missing or stale build falls back to` },
      { label: 'is the build today’s sources? (on every start)', value: `${sources} files checked in ${round(check, 2)} ms (median, in process)` },
    ],
    budgets: [{ name: 'rapport infer start-up, one-event file (median)', measured: round(infer, 0), limit: INFER_BUDGET_MS, unit: ' ms', kind: 'max' }],
    charts: [
      {
        title: 'Wall time to exit, median',
        unit: 'ms',
        series: [
          { label: 'node -e 0', value: round(bare, 0) },
          { label: 'rapport infer', value: round(infer, 0) },
          { label: 'rapport slots', value: round(slots, 0) },
          { label: 'infer from sources (tsx)', value: round(fromTs, 0) },
        ],
      },
    ],
  };
}
