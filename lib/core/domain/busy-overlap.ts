import type { BusyInterval } from './busy-time.js';
import { hasCanonicalShape, parseInstantMs } from './instant.js';

/**
 * Which candidate slots busy time overlaps (intervals are half-open: touching is not
 * overlapping). Candidates come in time order and all of one length, so the candidates one
 * busy interval overlaps are neighbours: two binary searches find that run, and a difference
 * array marks every run at once. O(n log m) for n busy intervals and m candidates, without
 * sorting the busy time: n is every meeting on every calendar over the horizon (thousands), m a
 * few windows a week (tens).
 *
 * Reading the busy time's instants is what costs, and most busy time never comes near a
 * window. Bounds in the `toISOString()` form (what the adapters, the busy index and the
 * proposals store) sort as their instants do, so such an interval is first held against the
 * candidates' own ISO texts, and skipped unread when it overlaps none. Every interval that does
 * overlap one is read, and refused when it cannot be: skipping it would offer busy time. Bounds
 * in any other form are always read.
 */

export interface Candidate {
  startMs: number;
  endMs: number;
}

/** `overlapped[i]`: some busy interval overlaps `candidates[i]`. */
export function overlappedByBusy(candidates: readonly Candidate[], busy: readonly BusyInterval[]): boolean[] {
  const bounds = boundsOf(candidates);
  // +1 at the first candidate of a run, -1 after its last: the running sum counts overlaps.
  const runs = new Int32Array(candidates.length + 1);
  for (const interval of busy) {
    if (bounds.texts && hasCanonicalShape(interval.start) && hasCanonicalShape(interval.end) && !overlapsAnyByText(bounds.texts, interval)) continue;
    const startMs = instantOf(interval.start);
    const endMs = instantOf(interval.end);
    if (endMs <= startMs) continue;
    const first = countAtMost(bounds.ends, startMs);
    const afterLast = countBelow(bounds.starts, endMs);
    if (first < afterLast) {
      runs[first]! += 1;
      runs[afterLast]! -= 1;
    }
  }
  const overlapped = new Array<boolean>(candidates.length);
  let open = 0;
  for (let i = 0; i < candidates.length; i++) {
    open += runs[i]!;
    overlapped[i] = open > 0;
  }
  return overlapped;
}

interface Bounds {
  starts: Float64Array;
  ends: Float64Array;
  /** The same bounds as ISO texts; absent when one falls outside the years 0000–9999, which that form cannot write. */
  texts?: { starts: string[]; ends: string[] };
}

function boundsOf(candidates: readonly Candidate[]): Bounds {
  const starts = Float64Array.from(candidates, (c) => c.startMs);
  const ends = Float64Array.from(candidates, (c) => c.endMs);
  for (let i = 1; i < candidates.length; i++) {
    if (starts[i]! < starts[i - 1]! || ends[i]! < ends[i - 1]!) throw new RangeError('candidates must be in time order, each as long as the others');
  }
  const texts = { starts: candidates.map((c) => isoOf(c.startMs)), ends: candidates.map((c) => isoOf(c.endMs)) };
  return texts.starts.every(hasCanonicalShape) && texts.ends.every(hasCanonicalShape) ? { starts, ends, texts } : { starts, ends };
}

/** For canonical texts only: the first candidate ending after the interval's start begins before its end. */
function overlapsAnyByText(texts: { starts: string[]; ends: string[] }, interval: BusyInterval): boolean {
  let lo = 0;
  let hi = texts.ends.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (texts.ends[mid]! <= interval.start) lo = mid + 1;
    else hi = mid;
  }
  return lo < texts.starts.length && texts.starts[lo]! < interval.end;
}

/** How many of the sorted values are at most `value`. */
function countAtMost(sorted: Float64Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** How many of the sorted values are below `value`. */
function countBelow(sorted: Float64Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const isoOf = (ms: number) => new Date(ms).toISOString();

/** A busy time we cannot read must not be skipped silently: that would offer a busy slot. */
function instantOf(value: string): number {
  const ms = parseInstantMs(value);
  if (Number.isNaN(ms)) throw new RangeError(`busy interval bound "${value}" is not an ISO instant`);
  return ms;
}
