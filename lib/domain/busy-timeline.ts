import type { BusyInterval } from '../calendars/port.js';

/**
 * Busy time from every calendar, merged once so that each question "is [start, end) free?"
 * is one binary search: O(n log n) to build, O(log n) per question, whatever order and
 * overlaps the intervals arrive in. Intervals are half-open: touching one is not overlapping.
 */
export interface BusyTimeline {
  overlaps(startMs: number, endMs: number): boolean;
}

export function busyTimeline(busy: readonly BusyInterval[]): BusyTimeline {
  const spans = busy
    .map((interval) => ({ startMs: instantOf(interval.start), endMs: instantOf(interval.end) }))
    .filter((span) => span.endMs > span.startMs)
    .sort((a, b) => a.startMs - b.startMs);

  // Disjoint and sorted, so both starts and ends ascend.
  const starts: number[] = [];
  const ends: number[] = [];
  for (const span of spans) {
    const last = ends.length - 1;
    if (last >= 0 && span.startMs <= ends[last]!) ends[last] = Math.max(ends[last]!, span.endMs);
    else {
      starts.push(span.startMs);
      ends.push(span.endMs);
    }
  }

  return {
    overlaps(startMs, endMs) {
      // The last merged interval starting before `endMs` reaches furthest of all that do.
      let lo = 0;
      let hi = starts.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (starts[mid]! < endMs) lo = mid + 1;
        else hi = mid;
      }
      return lo > 0 && ends[lo - 1]! > startMs;
    },
  };
}

/** A busy time we cannot read must not be skipped silently: that would offer a busy slot. */
function instantOf(value: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new RangeError(`busy interval bound "${value}" is not an ISO instant`);
  return ms;
}
