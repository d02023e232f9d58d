import { round, type SectionResult } from './report.js';
import { growthExponent, median, nLogNExponent, percentile, timeRuns } from './stats.js';
import { BENCH_NOW, busyIntervals, offeredSlots } from './workload.js';

/** Section 3: the slot finder's time against the number of busy intervals over a 30-day horizon. */

const SIZES = [100, 1_000, 10_000, 100_000];
const HORIZON_DAYS = 30;
/** Margin over n log n's own exponent for a noisy 2-core machine. */
const GROWTH_MARGIN = 0.15;

export function benchSlotFinder(): SectionResult {
  const points = SIZES.map((n) => {
    const busy = busyIntervals(n, BENCH_NOW, HORIZON_DAYS);
    const run = () => offeredSlots(busy, HORIZON_DAYS);
    const samples = timeRuns(run, n >= 100_000 ? 15 : 40, 10);
    return { n, median: median(samples), p95: percentile(samples, 95) };
  });
  const exponent = growthExponent(points.filter((p) => p.n >= 1_000).map((p) => ({ n: p.n, value: p.median })));
  const yardstick = nLogNExponent(SIZES.filter((n) => n >= 1_000));
  const at10k = points.find((p) => p.n === 10_000)!;
  return {
    id: 'slots',
    title: 'Slot finder vs busy intervals (30-day horizon)',
    figures: [
      ...points.map((p) => ({ label: `${p.n.toLocaleString('en')} intervals`, value: `median ${round(p.median, 3)} ms, p95 ${round(p.p95, 3)} ms` })),
      { label: 'fitted growth exponent (1k–100k)', value: `${round(exponent, 3)} (n log n: ${round(yardstick, 3)})` },
    ],
    budgets: [
      { name: 'slot finder median at 10k intervals', measured: round(at10k.median, 3), limit: 5, unit: 'ms', kind: 'max' },
      { name: 'growth exponent, no worse than n log n', measured: round(exponent, 3), limit: round(yardstick + GROWTH_MARGIN, 3), unit: '', kind: 'max' },
    ],
    charts: [{ title: 'Median time by busy intervals', unit: 'ms', series: points.map((p) => ({ label: p.n.toLocaleString('en'), value: round(p.median, 3) })) }],
  };
}
