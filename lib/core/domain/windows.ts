import { WEEKDAYS, type CoffeeWindow } from './coffee.js';
import { addDays, daysFrom, isoDateOf, localDateAt, weekdayIndexOf, type LocalDate } from './local-dates.js';
import { localTimeResolver, type TimeZone } from './zones.js';

/**
 * Coffee windows (weekly, local wall-clock) → candidate slots (instants), one local day at a
 * time, so "Tuesdays 08:30–10:00" is 08:30 on the clock in summer and in winter.
 *
 * On each local day a window applies to, it opens when the clock first shows its start and
 * closes when the clock first shows its end (zones.ts). Candidates are wall-clock
 * readings: the start, then every `step` minutes; each is placed at the instant the clock
 * first shows it, lasts `duration` elapsed minutes, and is kept while it ends by the close.
 * What that means around DST changes:
 *
 * - Spring forward (the clock skips 01:00–02:00): a reading in the gap does not exist, so
 *   no candidate starts there; the grid carries on at the readings after the gap (02:00 for
 *   a window 01:30–03:00 with a 30-minute step), not at "start + n·step elapsed". A window
 *   whose end is in the gap closes at the jump: a window 00:30–01:30 that day only has the
 *   half hour 00:30–01:00 (GMT) and fits one 30-minute coffee, ending as the clock jumps.
 * - Fall back (01:00–02:00 happens twice): each reading yields one candidate, at its first
 *   occurrence, so a day never offers two slots labelled with the same local time (a guest
 *   could not tell them apart). A window 01:00–02:00 that day is open for two elapsed hours
 *   but offers only the first hour's readings; a coffee starting 01:45 (first time round)
 *   may end at 01:15 (second time round): it is inside the window's open–close interval.
 */

const MINUTE_MS = 60_000;

/** A candidate, in milliseconds, with the local day it belongs to (YYYY-MM-DD in the zone). */
export interface Span {
  startMs: number;
  endMs: number;
  localDay: string;
}

export interface SpanRequest {
  windows: readonly CoffeeWindow[];
  zone: TimeZone;
  fromMs: number;
  toMs: number;
  durationMinutes: number;
  stepMinutes: number;
}

interface DailyWindow {
  weekday: number;
  startMinute: number;
  endMinute: number;
}

/** Every candidate within [from, to), in time order, each start once (windows may overlap). */
export function candidateSpans(request: SpanRequest): Span[] {
  const { zone, fromMs, toMs } = request;
  if (toMs <= fromMs) return [];
  const windows = request.windows.map(dailyWindowOf);
  // One day either side: where a zone falls back across midnight the local date of an
  // instant can go backwards, so the bounds' own dates might miss a day. Spans outside
  // [from, to) are dropped below anyway.
  const first = addDays(localDateAt(fromMs, zone), -1);
  const last = addDays(localDateAt(toMs - 1, zone), 1);

  const spans: Span[] = [];
  for (let date = first; daysFrom(date, last) >= 0; date = addDays(date, 1)) {
    const weekday = weekdayIndexOf(date);
    const todays = windows.filter((window) => window.weekday === weekday);
    if (todays.length === 0) continue;
    const resolve = localTimeResolver(date, zone);
    for (const window of todays) {
      for (const span of spansIn(date, window, resolve, request)) if (span.startMs >= fromMs && span.endMs <= toMs) spans.push(span);
    }
  }
  spans.sort((a, b) => a.startMs - b.startMs);
  return spans.filter((span, i) => i === 0 || span.startMs !== spans[i - 1]!.startMs);
}

function spansIn(date: LocalDate, window: DailyWindow, resolve: ReturnType<typeof localTimeResolver>, request: SpanRequest): Span[] {
  const { durationMinutes, stepMinutes } = request;
  const closeMs = resolve(window.endMinute).ms;
  const localDay = isoDateOf(date);
  const spans: Span[] = [];
  for (let minute = window.startMinute; minute < window.endMinute; minute += stepMinutes) {
    const start = resolve(minute);
    if (!start.exists) continue;
    const endMs = start.ms + durationMinutes * MINUTE_MS;
    // Resolved starts only grow with the reading, so nothing later fits either.
    if (endMs > closeMs) break;
    spans.push({ startMs: start.ms, endMs, localDay });
  }
  return spans;
}

function dailyWindowOf(window: CoffeeWindow): DailyWindow {
  const weekday = WEEKDAYS.indexOf(window.day);
  const startMinute = minuteOfDay(window.start);
  const endMinute = minuteOfDay(window.end);
  if (weekday < 0 || endMinute <= startMinute) {
    throw new RangeError(`coffee window ${JSON.stringify(window)} must be a weekday (mon..sun) with start < end`);
  }
  return { weekday, startMinute, endMinute };
}

/** `HH:MM` (24-hour) → minutes after midnight. */
export function minuteOfDay(clock: string): number {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(clock);
  if (!match) throw new RangeError(`"${clock}" is not a time like 08:30 (24-hour)`);
  return Number(match[1]) * 60 + Number(match[2]);
}
