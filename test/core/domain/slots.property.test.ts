import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { BusyInterval } from '../../../lib/core/domain/busy-time.js';
import { WEEKDAYS, type CoffeeWindow } from '../../../lib/core/domain/coffee.js';
import { candidateSlots, findFreeSlots, type FreeSlotOptions, type Slot } from '../../../lib/core/domain/slots.js';
import { shuffled } from './arbitraries.js';

/**
 * Invariants of the slot finder, over zones with DST changes (at 01:00, at midnight, by half
 * an hour), half- and quarter-hour offsets, and periods that start near a change so that
 * windows meet skipped and repeated hours often. Checks use luxon directly, not our code.
 */

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** Zones with a date near one of their changes (or any date when they have none). */
const ZONE_DATES: [string, string][] = [
  ['Europe/London', '2026-10-25'], ['Europe/London', '2027-03-28'],
  ['America/New_York', '2026-11-01'], ['America/New_York', '2027-03-14'],
  ['Pacific/Chatham', '2026-09-27'], ['Pacific/Chatham', '2027-04-04'],
  ['Australia/Lord_Howe', '2026-10-04'], ['Australia/Lord_Howe', '2027-04-04'],
  ['America/Havana', '2026-11-01'], ['America/Havana', '2027-03-14'],
  ['America/Santiago', '2026-09-06'], ['America/Santiago', '2027-04-04'],
  ['Asia/Kolkata', '2027-03-01'], ['Asia/Kathmandu', '2027-03-01'], ['UTC', '2027-03-01'],
];

const clock = (minute: number) => `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
const minuteOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));
const iso = (ms: number) => new Date(ms).toISOString();
const interval = (startMs: number, minutes: number): BusyInterval => ({ start: iso(startMs), end: iso(startMs + minutes * MINUTE_MS) });

/** Windows favour the night hours where changes happen, and the hour before midnight. */
const aWindow: fc.Arbitrary<CoffeeWindow> = fc
  .record({
    // Most changes happen on a Sunday night (Santiago's autumn one on a Saturday night).
    day: fc.oneof(fc.constantFrom('sun', 'sat'), fc.constantFrom(...WEEKDAYS)),
    start: fc.oneof(fc.integer({ min: 0, max: 1430 }), fc.constantFrom(0, 30, 60, 90, 105, 120, 150, 165, 1380, 1410)),
    length: fc.integer({ min: 5, max: 240 }),
  })
  .map(({ day, start, length }) => ({ day, start: clock(start), end: clock(Math.min(start + length, 1439)) }));

/** Where a busy interval falls in a period, and how long it lasts. */
const aBusyPlace = fc.record({ at: fc.integer({ min: 0, max: 10_000 }).map((n) => n / 10_000), length: fc.integer({ min: 5, max: 240 }) });
type BusyPlace = { at: number; length: number };

/** Busy time on a 5-minute grid from a day before `from` to a day after `to`, so intervals touch slots often. */
function busyAround(places: readonly BusyPlace[], fromMs: number, toMs: number): BusyInterval[] {
  const step = 5 * MINUTE_MS;
  const first = Math.floor((fromMs - DAY_MS) / step) * step;
  const steps = Math.ceil((toMs + DAY_MS - first) / step);
  return places.map(({ at, length }) => interval(first + Math.floor(at * steps) * step, length));
}

const anOptions = fc
  .record({
    zoneDate: fc.constantFrom(...ZONE_DATES),
    fromOffsetMinutes: fc.integer({ min: -3 * 24 * 60, max: 12 * 60 }),
    days: fc.integer({ min: 1, max: 7 }),
    windows: fc.array(aWindow, { minLength: 1, maxLength: 4 }),
    durationMinutes: fc.integer({ min: 5, max: 90 }),
    stepMinutes: fc.integer({ min: 5, max: 60 }),
    bufferBeforeMinutes: fc.integer({ min: 0, max: 30 }),
    bufferAfterMinutes: fc.integer({ min: 0, max: 30 }),
    busy: fc.array(aBusyPlace, { maxLength: 40, size: 'medium' }),
  })
  .map(({ zoneDate: [timeZone, date], fromOffsetMinutes, days, busy, ...rest }): FreeSlotOptions => {
    const fromMs = Date.parse(`${date}T00:00:00Z`) + fromOffsetMinutes * MINUTE_MS;
    const toMs = fromMs + days * DAY_MS;
    return { ...rest, timeZone, from: iso(fromMs), to: iso(toMs), busy: busyAround(busy, fromMs, toMs) };
  });


function overlapsBusy(slot: Slot, options: FreeSlotOptions, busy = options.busy): boolean {
  const start = Date.parse(slot.start) - (options.bufferBeforeMinutes ?? 0) * MINUTE_MS;
  const end = Date.parse(slot.end) + (options.bufferAfterMinutes ?? 0) * MINUTE_MS;
  return busy.some((b) => Date.parse(b.start) < end && start < Date.parse(b.end));
}

/**
 * Independently of our wall-clock code: the slot starts on the step grid of a window of its
 * local weekday, and until it ends the local clock stays on that date and short of the
 * window's end (the documented DST rule: a window closes the first time the clock reaches
 * its end; in a repeated hour a coffee may end at an earlier reading than it started).
 */
function isInsideAWindow(slot: Slot, options: FreeSlotOptions): boolean {
  const zone = options.timeZone;
  const start = DateTime.fromISO(slot.start, { zone });
  const reading = start.hour * 60 + start.minute;
  return options.windows.some((w) => {
    if (WEEKDAYS.indexOf(w.day) !== start.weekday - 1) return false;
    if (reading < minuteOf(w.start) || (reading - minuteOf(w.start)) % options.stepMinutes !== 0) return false;
    for (let ms = start.toMillis(); ms < Date.parse(slot.end); ms += MINUTE_MS) {
      const local = DateTime.fromMillis(ms, { zone });
      if (local.toISODate() !== start.toISODate() || local.hour * 60 + local.minute >= minuteOf(w.end)) return false;
    }
    return true;
  });
}

describe('findFreeSlots invariants', () => {
  it('no slot, widened by its buffers, overlaps busy time; and every free candidate is returned', () => {
    fc.assert(
      fc.property(anOptions, (options) => {
        const slots = findFreeSlots(options);
        for (const slot of slots) expect(overlapsBusy(slot, options)).toBe(false);
        // The merged, binary-searched answer equals the obvious quadratic one.
        expect(slots).toEqual(candidateSlots(options).filter((slot) => !overlapsBusy(slot, options)));
      }),
      { numRuns: 300 },
    );
  });

  it('every slot lasts exactly the duration and lies inside a window, on its step grid, in local time', () => {
    fc.assert(
      fc.property(anOptions, (options) => {
        for (const slot of findFreeSlots({ ...options, busy: [] })) {
          expect(Date.parse(slot.end) - Date.parse(slot.start)).toBe(options.durationMinutes * MINUTE_MS);
          expect(isInsideAWindow(slot, options), JSON.stringify(slot)).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('slots are in time order, each once, and a local day never offers the same clock time twice', () => {
    fc.assert(
      fc.property(anOptions, (options) => {
        const slots = findFreeSlots(options);
        const starts = slots.map((s) => Date.parse(s.start));
        expect(starts.every((ms, i) => i === 0 || ms > starts[i - 1]!)).toBe(true);
        const readings = slots.map((s) => DateTime.fromISO(s.start, { zone: options.timeZone }).toFormat('yyyy-MM-dd HH:mm'));
        expect(new Set(readings).size).toBe(readings.length);
      }),
      { numRuns: 200 },
    );
  });

  it('the order of busy intervals and of windows never changes the answer', () => {
    const withShuffles = anOptions.chain((options) =>
      fc.tuple(fc.constant(options), shuffled(options.busy), shuffled(options.windows)),
    );
    fc.assert(
      fc.property(withShuffles, ([options, busy, windows]) => {
        expect(findFreeSlots({ ...options, busy, windows })).toEqual(findFreeSlots(options));
      }),
      { numRuns: 200 },
    );
  });

  it('busy bounds written as toISOString() texts (compared unread) or with an offset (always read) give the same answer', () => {
    fc.assert(
      fc.property(anOptions, (options) => {
        const withOffsets = options.busy.map((b) => ({ start: b.start.replace(/Z$/, '+00:00'), end: b.end.replace(/Z$/, '+00:00') }));
        expect(findFreeSlots({ ...options, busy: withOffsets })).toEqual(findFreeSlots(options));
      }),
      { numRuns: 200 },
    );
  });

  it('more busy time never adds a slot', () => {
    fc.assert(
      fc.property(anOptions, fc.array(aBusyPlace, { minLength: 1, maxLength: 10 }), (options, more) => {
        const busier = [...options.busy, ...busyAround(more, Date.parse(options.from), Date.parse(options.to))];
        const before = new Set(findFreeSlots(options).map((s) => s.start));
        for (const slot of findFreeSlots({ ...options, busy: busier })) expect(before.has(slot.start)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});

describe('many busy intervals', () => {
  it('answers for 100,000 busy intervals (a completion check; timings live in the benchmark)', () => {
    let seed = 42;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
    const fromMs = Date.parse('2027-01-04T00:00:00Z');
    const busy = Array.from({ length: 100_000 }, () => interval(fromMs + Math.floor(random() * 90 * 24 * 60) * MINUTE_MS, 1 + Math.floor(random() * 10)));
    const options: FreeSlotOptions = {
      windows: [{ day: 'tue', start: '08:30', end: '10:00' }, { day: 'fri', start: '15:00', end: '17:00' }],
      timeZone: 'Europe/London',
      from: iso(fromMs),
      to: iso(fromMs + 90 * DAY_MS),
      durationMinutes: 30,
      stepMinutes: 15,
      busy,
    };
    const slots = findFreeSlots(options);
    expect(slots).toEqual(candidateSlots(options).filter((slot) => !overlapsBusy(slot, options)));
  }, 120_000);
});
