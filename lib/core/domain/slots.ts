import type { BusyInterval } from './busy-time.js';
import { overlappedByBusy } from './busy-overlap.js';
import type { CoffeeWindow } from './coffee.js';
import { isoDateOf, localDateAt } from './local-dates.js';
import { isoWeekOfReading, readingAt } from './local-time.js';
import { candidateSpans, type Span } from './windows.js';
import { zoneNamed } from './zones.js';

/**
 * Free time for a coffee (DESIGN §4): candidate slots inside the user's weekly windows, in
 * their IANA zone, minus busy time (with buffers), minimum notice and full days; then a few
 * spread over different days for a proposal. Pure: "now" arrives as `notBefore`.
 * How windows meet DST changes (skipped and repeated hours) is decided in windows.ts.
 */

/** A slot, as ISO UTC instants (`toISOString()` form); `end` is exclusive. */
export interface Slot {
  start: string;
  end: string;
}

export interface CandidateOptions {
  windows: readonly CoffeeWindow[];
  /** IANA zone the windows are read in. */
  timeZone: string;
  /** Slots start at or after `from` and end by `to` (ISO instants with a zone). */
  from: string;
  to: string;
  /** Elapsed minutes, a whole positive number. */
  durationMinutes: number;
  /** Wall-clock minutes between candidate starts in a window, a whole positive number. */
  stepMinutes: number;
}

export interface FreeSlotOptions extends CandidateOptions {
  /** Busy time from all calendars, in any order, overlapping or not. */
  busy: readonly BusyInterval[];
  /** Free time kept before the start and after the end (default 0 each). */
  bufferBeforeMinutes?: number;
  bufferAfterMinutes?: number;
  /** Earliest start: now plus the minimum notice. */
  notBefore?: string;
  /** With `bookedPerLocalDay`: a local day that already has this many coffees offers none. */
  maxPerDay?: number;
  /** Coffees already booked or offered, by local day (YYYY-MM-DD in `timeZone`). */
  bookedPerLocalDay?: Readonly<Record<string, number>>;
}

const MINUTE_MS = 60_000;

/** Every candidate in the windows within [from, to), in time order, each start once. */
export function candidateSlots(options: CandidateOptions): Slot[] {
  return spansOf(options).map(slotOf);
}

/** The candidates that are free, noticed in time and on days with room, in time order. */
export function findFreeSlots(options: FreeSlotOptions): Slot[] {
  const before = wholeMinutes(options.bufferBeforeMinutes ?? 0, 'bufferBeforeMinutes', 0) * MINUTE_MS;
  const after = wholeMinutes(options.bufferAfterMinutes ?? 0, 'bufferAfterMinutes', 0) * MINUTE_MS;
  const notBeforeMs = options.notBefore === undefined ? -Infinity : instantMs(options.notBefore, 'notBefore');
  const { maxPerDay, bookedPerLocalDay = {} } = options;
  const dayIsFull = (day: string) => maxPerDay !== undefined && (bookedPerLocalDay[day] ?? 0) >= maxPerDay;

  const open = spansOf(options).filter((span) => span.startMs >= notBeforeMs && !dayIsFull(span.localDay));
  // Busy time is held against the few candidates left, widened by the buffers (busy-overlap.ts).
  const overlapped = overlappedByBusy(
    open.map((span) => ({ startMs: span.startMs - before, endMs: span.endMs + after })),
    options.busy,
  );
  return open.filter((_, i) => !overlapped[i]).map(slotOf);
}

/**
 * Up to `count` slots for one proposal: the earliest free slot of each of the earliest local
 * days, in time order. Never two on one day: a guest offered Tuesday 08:30 and Tuesday 08:45
 * has one real choice, not two, so with fewer free days than `count` we offer fewer.
 */
export function spreadSlots(free: readonly Slot[], count: number, timeZone: string): Slot[] {
  const zone = zoneNamed(timeZone);
  const firstOfDay = new Map<string, Slot>();
  const inOrder = [...free].sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
  for (const slot of inOrder) {
    // In time order, so once `count` days are found no later slot can change the choice.
    if (firstOfDay.size >= count) break;
    const day = isoDateOf(localDateAt(Date.parse(slot.start), zone));
    if (!firstOfDay.has(day)) firstOfDay.set(day, slot);
  }
  return [...firstOfDay.values()];
}

/** The local date (YYYY-MM-DD) of an instant in `timeZone`: the day a slot counts against. */
export function localDayOf(instant: string, timeZone: string): string {
  return isoDateOf(localDateAt(instantMs(instant, 'instant'), zoneNamed(timeZone)));
}

/** The ISO week of the instant's local date, e.g. `2026-W48` (weeks start on Monday). */
export function weekKeyOf(instant: string, timeZone: string): string {
  const { weekYear, week } = isoWeekOfReading(readingAt(instantMs(instant, 'instant'), zoneNamed(timeZone)));
  return `${String(weekYear).padStart(4, '0')}-W${String(week).padStart(2, '0')}`;
}

function spansOf(options: CandidateOptions): Span[] {
  return candidateSpans({
    windows: options.windows,
    zone: zoneNamed(options.timeZone),
    fromMs: instantMs(options.from, 'from'),
    toMs: instantMs(options.to, 'to'),
    durationMinutes: wholeMinutes(options.durationMinutes, 'durationMinutes', 1),
    stepMinutes: wholeMinutes(options.stepMinutes, 'stepMinutes', 1),
  });
}

function slotOf(span: Span): Slot {
  return { start: new Date(span.startMs).toISOString(), end: new Date(span.endMs).toISOString() };
}

/** An instant needs its zone: "2027-03-23T08:30" alone would be read in the machine's zone. */
function instantMs(value: string, name: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms) || !/T.*(Z|[+-]\d{2}:?\d{2})$/i.test(value)) {
    throw new RangeError(`${name} "${value}" is not an ISO instant with a zone (e.g. 2027-03-23T08:30:00Z)`);
  }
  return ms;
}

/** A zero step would never end; a fractional one would leave the wall-clock grid. */
function wholeMinutes(value: number, name: string, min: number): number {
  if (!Number.isInteger(value) || value < min) throw new RangeError(`${name} must be a whole number of minutes, at least ${min} (got ${value})`);
  return value;
}
