import { median, percentile, timeRuns } from './stats.js';
import { BENCH_NOW, busyIntervals, offeredSlots } from './workload.js';

/**
 * One process's measurement of the slot finder (bench/slot-finder.ts starts three): per
 * number of busy intervals over the horizon, the median and p95 of what the proposer computes
 * for one contact. Prints JSON on stdout.
 */

export const SIZES = [100, 1_000, 10_000, 100_000];
export const HORIZON_DAYS = 30;

export interface SlotFinderPoint {
  n: number;
  median: number;
  p95: number;
}

const points: SlotFinderPoint[] = SIZES.map((n) => {
  const busy = busyIntervals(n, BENCH_NOW, HORIZON_DAYS);
  const samples = timeRuns(() => offeredSlots(busy, HORIZON_DAYS), n >= 100_000 ? 15 : 40, 10);
  return { n, median: median(samples), p95: percentile(samples, 95) };
});
process.stdout.write(JSON.stringify(points));
