import { describe, expect, it } from 'vitest';
import type { CoffeeWindow } from '../../../lib/core/domain/coffee.js';
import { candidateSlots, findFreeSlots, localDayOf, spreadSlots, weekKeyOf, type FreeSlotOptions } from '../../../lib/core/domain/slots.js';

/**
 * The slot finder on plain weeks. London in June is UTC+1, so a local 08:30 is 07:30Z and a
 * test that confused local and UTC time would fail. The week: Monday 2027-06-07 to Sunday 13.
 */

const TUESDAY: CoffeeWindow = { day: 'tue', start: '08:30', end: '10:00' };
const WEEK = { from: '2027-06-07T00:00:00+01:00', to: '2027-06-14T00:00:00+01:00' };

function free(overrides: Partial<FreeSlotOptions> = {}) {
  return findFreeSlots({ windows: [TUESDAY], timeZone: 'Europe/London', ...WEEK, durationMinutes: 30, stepMinutes: 15, busy: [], ...overrides });
}
const startsOf = (slots: { start: string }[]) => slots.map((s) => s.start);
const busy = (start: string, end: string) => ({ start, end });

describe('candidate slots in a plain week', () => {
  it('starts at each window start and every step while the coffee fits, in local time, in time order', () => {
    const slots = candidateSlots({
      windows: [{ day: 'fri', start: '15:00', end: '16:00' }, TUESDAY, { day: 'thu', start: '08:30', end: '09:30' }],
      timeZone: 'Europe/London',
      ...WEEK,
      durationMinutes: 30,
      stepMinutes: 15,
    });
    expect(startsOf(slots)).toEqual([
      '2027-06-08T07:30:00.000Z', '2027-06-08T07:45:00.000Z', '2027-06-08T08:00:00.000Z', '2027-06-08T08:15:00.000Z', '2027-06-08T08:30:00.000Z',
      '2027-06-10T07:30:00.000Z', '2027-06-10T07:45:00.000Z', '2027-06-10T08:00:00.000Z',
      '2027-06-11T14:00:00.000Z', '2027-06-11T14:15:00.000Z', '2027-06-11T14:30:00.000Z',
    ]);
    expect(slots[0]).toEqual({ start: '2027-06-08T07:30:00.000Z', end: '2027-06-08T08:00:00.000Z' });
  });

  it('uses the step and the duration: 45-minute coffees every 20 minutes in 08:30–10:00', () => {
    expect(free({ durationMinutes: 45, stepMinutes: 20 })).toEqual([
      { start: '2027-06-08T07:30:00.000Z', end: '2027-06-08T08:15:00.000Z' },
      { start: '2027-06-08T07:50:00.000Z', end: '2027-06-08T08:35:00.000Z' },
      { start: '2027-06-08T08:10:00.000Z', end: '2027-06-08T08:55:00.000Z' },
    ]);
  });

  it('lets a coffee end exactly at the window end, never after it', () => {
    expect(free({ durationMinutes: 90 })).toEqual([{ start: '2027-06-08T07:30:00.000Z', end: '2027-06-08T09:00:00.000Z' }]);
    expect(free({ durationMinutes: 91 })).toEqual([]);
  });

  it('keeps only slots inside [from, to)', () => {
    const slots = free({ from: '2027-06-08T07:40:00Z', to: '2027-06-08T08:45:00Z' });
    expect(startsOf(slots)).toEqual(['2027-06-08T07:45:00.000Z', '2027-06-08T08:00:00.000Z', '2027-06-08T08:15:00.000Z']);
  });

  it('offers each start once when windows overlap, whatever their order', () => {
    const overlapping: CoffeeWindow[] = [TUESDAY, { day: 'tue', start: '09:00', end: '11:00' }];
    const forward = free({ windows: overlapping });
    expect(free({ windows: [...overlapping].reverse() })).toEqual(forward);
    expect(new Set(startsOf(forward)).size).toBe(forward.length);
    expect(startsOf(forward).at(-1)).toBe('2027-06-08T09:30:00.000Z');
  });
});

describe('busy time', () => {
  it('removes every candidate that overlaps a busy interval, and keeps one that only touches it', () => {
    const slots = free({ busy: [busy('2027-06-08T08:00:00Z', '2027-06-08T08:20:00Z')] });
    expect(startsOf(slots)).toEqual(['2027-06-08T07:30:00.000Z', '2027-06-08T08:30:00.000Z']);
  });

  it('merges unsorted, overlapping busy time from several calendars', () => {
    const slots = free({
      busy: [
        busy('2027-06-08T08:40:00Z', '2027-06-08T09:00:00Z'),
        busy('2027-06-01T08:00:00Z', '2027-06-01T09:00:00Z'),
        busy('2027-06-08T07:00:00Z', '2027-06-08T07:50:00Z'),
        busy('2027-06-08T07:10:00Z', '2027-06-08T07:20:00Z'),
      ],
    });
    expect(startsOf(slots)).toEqual(['2027-06-08T08:00:00.000Z']);
  });

  it('with no buffer a coffee may touch a meeting; a 15-minute buffer keeps that time free', () => {
    const meetingAfter = [busy('2027-06-08T09:00:00Z', '2027-06-08T10:00:00Z')];
    expect(startsOf(free({ busy: meetingAfter })).at(-1)).toBe('2027-06-08T08:30:00.000Z');
    expect(startsOf(free({ busy: meetingAfter, bufferAfterMinutes: 15 })).at(-1)).toBe('2027-06-08T08:15:00.000Z');

    const meetingBefore = [busy('2027-06-08T07:00:00Z', '2027-06-08T07:30:00Z')];
    expect(startsOf(free({ busy: meetingBefore }))[0]).toBe('2027-06-08T07:30:00.000Z');
    expect(startsOf(free({ busy: meetingBefore, bufferBeforeMinutes: 15 }))[0]).toBe('2027-06-08T07:45:00.000Z');
  });

  it('ignores empty busy intervals and refuses unreadable ones rather than offer busy time', () => {
    expect(free({ busy: [busy('2027-06-08T08:00:00Z', '2027-06-08T08:00:00Z')] })).toHaveLength(5);
    expect(() => free({ busy: [busy('yesterday', '2027-06-08T08:00:00Z')] })).toThrow(/yesterday/);
  });

  it('refuses an unreadable bound written like toISOString() when its interval reaches a window', () => {
    // Such texts are compared unread first; one that reaches a candidate is read, and must be readable.
    expect(() => free({ busy: [busy('2027-06-08T07:45:00.000Z', '2027-06-08T08:60:00.000Z')] })).toThrow(/08:60/);
  });

  it('reads busy time far outside the windows as busy time all the same: a day-long block covers the window', () => {
    expect(free({ busy: [busy('2027-06-07T23:00:00.000Z', '2027-06-08T23:00:00.000Z')] })).toEqual([]);
    expect(free({ busy: [busy('2027-06-01T00:00:00.000Z', '2027-06-30T00:00:00.000Z')] })).toEqual([]);
  });
});

describe('notice and daily limits', () => {
  it('offers nothing that starts before notBefore (a start exactly at it is fine)', () => {
    expect(startsOf(free({ notBefore: '2027-06-08T08:15:00Z' }))).toEqual(['2027-06-08T08:15:00.000Z', '2027-06-08T08:30:00.000Z']);
  });

  it('skips local days that already have maxPerDay coffees', () => {
    const windows: CoffeeWindow[] = [TUESDAY, { day: 'thu', start: '08:30', end: '09:00' }];
    expect(startsOf(free({ windows, maxPerDay: 1, bookedPerLocalDay: { '2027-06-08': 1 } }))).toEqual(['2027-06-10T07:30:00.000Z']);
    expect(free({ windows, maxPerDay: 2, bookedPerLocalDay: { '2027-06-08': 1 } })).toHaveLength(6);
  });

  it('counts days in the user zone: an Auckland Monday-morning coffee is on Sunday in UTC', () => {
    const options = {
      windows: [{ day: 'mon', start: '08:00', end: '08:30' }] as CoffeeWindow[],
      timeZone: 'Pacific/Auckland',
      from: '2027-06-06T00:00:00Z',
      to: '2027-06-08T00:00:00Z',
    };
    expect(free({ ...options })).toEqual([{ start: '2027-06-06T20:00:00.000Z', end: '2027-06-06T20:30:00.000Z' }]);
    expect(free({ ...options, maxPerDay: 1, bookedPerLocalDay: { '2027-06-06': 1 } })).toHaveLength(1);
    expect(free({ ...options, maxPerDay: 1, bookedPerLocalDay: { '2027-06-07': 1 } })).toEqual([]);
  });
});

describe('spreading a proposal over days', () => {
  const slots = free({ windows: [TUESDAY, { day: 'thu', start: '08:30', end: '10:00' }, { day: 'fri', start: '15:00', end: '17:00' }] });

  it('offers the earliest slot of each of the earliest days, in time order', () => {
    expect(spreadSlots(slots, 2, 'Europe/London')).toEqual([
      { start: '2027-06-08T07:30:00.000Z', end: '2027-06-08T08:00:00.000Z' },
      { start: '2027-06-10T07:30:00.000Z', end: '2027-06-10T08:00:00.000Z' },
    ]);
    expect(spreadSlots([...slots].reverse(), 2, 'Europe/London')).toEqual(spreadSlots(slots, 2, 'Europe/London'));
  });

  it('never offers two slots on one day: with fewer free days than asked it offers fewer', () => {
    expect(startsOf(spreadSlots(slots, 5, 'Europe/London'))).toEqual(['2027-06-08T07:30:00.000Z', '2027-06-10T07:30:00.000Z', '2027-06-11T14:00:00.000Z']);
    expect(spreadSlots(slots, 0, 'Europe/London')).toEqual([]);
  });

  it('tells days apart in the user zone, not in UTC', () => {
    // 22:30Z and 23:30Z on the same UTC day are Monday and Tuesday in Berlin (UTC+2).
    const late = [busy('2027-06-07T21:30:00Z', '2027-06-07T22:00:00Z'), busy('2027-06-07T22:30:00Z', '2027-06-07T23:00:00Z')];
    expect(spreadSlots(late, 3, 'Europe/Berlin')).toEqual(late);
    expect(spreadSlots(late, 3, 'UTC')).toEqual([late[0]]);
  });
});

describe('local day and ISO week', () => {
  it('names the local date and its ISO week', () => {
    expect(localDayOf('2027-06-07T23:30:00Z', 'Europe/London')).toBe('2027-06-08');
    expect(localDayOf('2027-06-08T03:00:00Z', 'America/New_York')).toBe('2027-06-07');
    expect(weekKeyOf('2027-06-07T23:30:00Z', 'Europe/London')).toBe('2027-W23');
    expect(weekKeyOf('2027-06-06T23:30:00Z', 'UTC')).toBe('2027-W22');
    // 1 January 2027 is a Friday: it belongs to the last ISO week of 2026.
    expect(weekKeyOf('2027-01-01T12:00:00Z', 'Europe/London')).toBe('2026-W53');
    expect(weekKeyOf('2026-11-23T12:00:00Z', 'Europe/London')).toBe('2026-W48');
  });
});

describe('bad input is refused, not guessed', () => {
  it.each([
    [{ timeZone: 'Europe/Londres' }, /Europe\/Londres/],
    [{ stepMinutes: 0 }, /stepMinutes/],
    [{ durationMinutes: -30 }, /durationMinutes/],
    [{ bufferAfterMinutes: -5 }, /bufferAfterMinutes/],
    [{ from: '2027-06-07T00:00:00' }, /with a zone/],
    [{ windows: [{ day: 'tue', start: '10:00', end: '08:30' }] as CoffeeWindow[] }, /start < end/],
    [{ windows: [{ day: 'tue', start: '8:30', end: '10:00' }] as CoffeeWindow[] }, /8:30/],
  ])('%j', (overrides, message) => {
    expect(() => free(overrides)).toThrow(message);
  });

  it('an empty or reversed range has no slots', () => {
    expect(free({ from: WEEK.to, to: WEEK.from })).toEqual([]);
  });
});
