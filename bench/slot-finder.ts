import { spawnSync } from 'node:child_process';
import { round, type SectionResult } from './report.js';
import type { SlotFinderPoint } from './slot-finder.measure.js';
import { growthExponent, median, nLogNExponent } from './stats.js';

/**
 * Section 3: the slot finder's time against the number of busy intervals over a 30-day
 * horizon, measured in three separate processes (bench/slot-finder.measure.ts), one after the
 * other: one process's JIT and heap can be lucky or unlucky, so the budgets hold the worst of
 * the three medians and p95s. The growth fit uses the middle one of each size.
 */

const PROCESSES = 3;
const MEDIAN_BUDGET_MS = 5;
const P95_BUDGET_MS = 8;
/** Margin over n log n's own exponent for a noisy 2-core machine. */
const GROWTH_MARGIN = 0.15;

function measureInChild(): SlotFinderPoint[] {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'bench/slot-finder.measure.ts'], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`slot finder measurement failed:\n${run.stderr}`);
  return JSON.parse(run.stdout) as SlotFinderPoint[];
}

export function benchSlotFinder(): SectionResult {
  const runs = Array.from({ length: PROCESSES }, measureInChild);
  const sizes = runs[0]!.map((p) => p.n);
  const at = (n: number) => runs.map((points) => points.find((p) => p.n === n)!);
  const rows = sizes.map((n) => {
    const measured = at(n);
    return {
      n,
      medians: measured.map((p) => p.median),
      p95s: measured.map((p) => p.p95),
      middle: median(measured.map((p) => p.median)),
    };
  });
  const exponent = growthExponent(rows.filter((r) => r.n >= 1_000).map((r) => ({ n: r.n, value: r.middle })));
  const yardstick = nLogNExponent(sizes.filter((n) => n >= 1_000));
  const at10k = rows.find((r) => r.n === 10_000)!;
  const list = (values: number[]) => values.map((v) => round(v, 3)).join(' / ');
  return {
    id: 'slots',
    title: `Slot finder vs busy intervals (30-day horizon, ${PROCESSES} processes)`,
    figures: [
      ...rows.map((r) => ({ label: `${r.n.toLocaleString('en')} intervals`, value: `median ${list(r.medians)} ms, p95 ${list(r.p95s)} ms (one per process)` })),
      { label: 'fitted growth exponent (1k–100k, middle medians)', value: `${round(exponent, 3)} (n log n: ${round(yardstick, 3)})` },
    ],
    budgets: [
      { name: 'slot finder median at 10k intervals, worst of 3 processes', measured: round(Math.max(...at10k.medians), 3), limit: MEDIAN_BUDGET_MS, unit: 'ms', kind: 'max' },
      { name: 'slot finder p95 at 10k intervals, worst of 3 processes', measured: round(Math.max(...at10k.p95s), 3), limit: P95_BUDGET_MS, unit: 'ms', kind: 'max' },
      { name: 'growth exponent, no worse than n log n', measured: round(exponent, 3), limit: round(yardstick + GROWTH_MARGIN, 3), unit: '', kind: 'max' },
    ],
    charts: [{ title: 'Median time by busy intervals (middle of 3 processes)', unit: 'ms', series: rows.map((r) => ({ label: r.n.toLocaleString('en'), value: round(r.middle, 3) })) }],
  };
}
