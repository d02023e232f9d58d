import { describe, expect, it } from 'vitest';
import type { CoffeeWindow, Weekday } from '../../../lib/core/domain/coffee.js';
import { candidateSlots } from '../../../lib/core/domain/slots.js';

/**
 * Windows are wall-clock times: they hold across DST changes, in zones with half- and
 * quarter-hour offsets, and around the hour a change skips or repeats (the rules are
 * documented in lib/core/domain/windows.ts). Each expected instant is worked out in a comment.
 */

const TUESDAY: CoffeeWindow = { day: 'tue', start: '08:30', end: '10:00' };

function slotsOn(timeZone: string, windows: CoffeeWindow[], from: string, to: string, durationMinutes = 30, stepMinutes = 15) {
  return candidateSlots({ windows, timeZone, from, to, durationMinutes, stepMinutes });
}
const window = (day: Weekday, start: string, end: string): CoffeeWindow => ({ day, start, end });
const firstStartPerDay = (slots: { start: string }[]) =>
  slots.filter((s, i) => i === 0 || s.start.slice(0, 10) !== slots[i - 1]!.start.slice(0, 10)).map((s) => s.start);

describe('a Tuesday 08:30 window stays 08:30 on the clock across DST changes', () => {
  it.each([
    ['Europe/London, spring 2027-03-28', 'Europe/London', '2027-03-22', '2027-04-05', ['2027-03-23T08:30:00.000Z', '2027-03-30T07:30:00.000Z']],
    ['Europe/London, autumn 2026-10-25', 'Europe/London', '2026-10-19', '2026-11-02', ['2026-10-20T07:30:00.000Z', '2026-10-27T08:30:00.000Z']],
    ['America/New_York, spring 2027-03-14', 'America/New_York', '2027-03-08', '2027-03-22', ['2027-03-09T13:30:00.000Z', '2027-03-16T12:30:00.000Z']],
    ['America/New_York, autumn 2026-11-01', 'America/New_York', '2026-10-26', '2026-11-09', ['2026-10-27T12:30:00.000Z', '2026-11-03T13:30:00.000Z']],
  ])('%s', (_, zone, from, to, expected) => {
    const slots = slotsOn(zone, [TUESDAY], `${from}T00:00:00Z`, `${to}T00:00:00Z`);
    expect(firstStartPerDay(slots)).toEqual(expected);
    expect(slots).toHaveLength(10);
  });
});

describe('the hour a spring change skips', () => {
  it('Europe/London 2027-03-28: no start in 01:00–02:00; the grid resumes at 02:00 BST', () => {
    // 01:30 and 01:45 do not exist. 02:00 BST = 01:00Z. The window closes at 03:00 BST = 02:00Z.
    const slots = slotsOn('Europe/London', [window('sun', '01:30', '03:00')], '2027-03-27T00:00:00Z', '2027-03-29T00:00:00Z');
    expect(slots).toEqual([
      { start: '2027-03-28T01:00:00.000Z', end: '2027-03-28T01:30:00.000Z' },
      { start: '2027-03-28T01:15:00.000Z', end: '2027-03-28T01:45:00.000Z' },
      { start: '2027-03-28T01:30:00.000Z', end: '2027-03-28T02:00:00.000Z' },
    ]);
  });

  it('Europe/London 2027-03-28: a start in the gap is dropped, not moved to the jump (the grid stays on the clock)', () => {
    // 01:40 does not exist; 02:10 BST = 01:10Z and 02:40 BST = 01:40Z; no slot at 01:00Z (02:00 BST, off the grid).
    const slots = slotsOn('Europe/London', [window('sun', '01:40', '03:00')], '2027-03-27T00:00:00Z', '2027-03-29T00:00:00Z', 20, 30);
    expect(slots.map((s) => s.start)).toEqual(['2027-03-28T01:10:00.000Z', '2027-03-28T01:40:00.000Z']);
  });

  it('Europe/London 2027-03-28: a window ending in the gap closes when the clock jumps', () => {
    // 00:30–01:30 only has 00:30–01:00 GMT that night: one 30-minute coffee, ending at the jump (01:00Z).
    const slots = slotsOn('Europe/London', [window('sun', '00:30', '01:30')], '2027-03-27T00:00:00Z', '2027-03-29T00:00:00Z');
    expect(slots).toEqual([{ start: '2027-03-28T00:30:00.000Z', end: '2027-03-28T01:00:00.000Z' }]);
  });

  it('America/New_York 2027-03-14: 02:00–03:00 does not exist', () => {
    // 01:30 EST = 06:30Z; 02:00 and 02:30 are skipped; 03:00 EDT = 07:00Z; the close, 03:30 EDT, is 07:30Z.
    const slots = slotsOn('America/New_York', [window('sun', '01:30', '03:30')], '2027-03-13T00:00:00Z', '2027-03-16T00:00:00Z', 30, 30);
    expect(slots).toEqual([
      { start: '2027-03-14T06:30:00.000Z', end: '2027-03-14T07:00:00.000Z' },
      { start: '2027-03-14T07:00:00.000Z', end: '2027-03-14T07:30:00.000Z' },
    ]);
  });
});

describe('the hour an autumn change repeats', () => {
  it('Europe/London 2026-10-25: each local start is offered once, at its first occurrence (BST)', () => {
    // 01:00–01:45 BST = 00:00Z–00:45Z; the close, 02:00 GMT, is 02:00Z. The second 01:00 (01:00Z) is not a new start.
    const slots = slotsOn('Europe/London', [window('sun', '01:00', '02:00')], '2026-10-24T00:00:00Z', '2026-10-26T00:00:00Z');
    expect(slots.map((s) => s.start)).toEqual(['2026-10-25T00:00:00.000Z', '2026-10-25T00:15:00.000Z', '2026-10-25T00:30:00.000Z', '2026-10-25T00:45:00.000Z']);
  });

  it('Europe/London 2026-10-25: a window ending in the repeated hour closes the first time the clock gets there', () => {
    // 00:30–01:30 closes at 01:30 BST = 00:30Z: starts 00:30, 00:45, 01:00 BST.
    const slots = slotsOn('Europe/London', [window('sun', '00:30', '01:30')], '2026-10-24T00:00:00Z', '2026-10-26T00:00:00Z');
    expect(slots.map((s) => s.start)).toEqual(['2026-10-24T23:30:00.000Z', '2026-10-24T23:45:00.000Z', '2026-10-25T00:00:00.000Z']);
    expect(slots.at(-1)!.end).toBe('2026-10-25T00:30:00.000Z');
  });

  it('America/New_York 2026-11-01: 01:00 and 01:30 are EDT', () => {
    const slots = slotsOn('America/New_York', [window('sun', '01:00', '02:00')], '2026-10-31T00:00:00Z', '2026-11-02T00:00:00Z', 30, 30);
    expect(slots).toEqual([
      { start: '2026-11-01T05:00:00.000Z', end: '2026-11-01T05:30:00.000Z' },
      { start: '2026-11-01T05:30:00.000Z', end: '2026-11-01T06:00:00.000Z' },
    ]);
  });
});

describe('offsets that are not whole hours', () => {
  it.each([
    ['Asia/Kolkata (+05:30)', 'Asia/Kolkata', '2027-03-23T03:00:00.000Z'],
    ['Asia/Kathmandu (+05:45)', 'Asia/Kathmandu', '2027-03-23T02:45:00.000Z'],
  ])('%s: Tuesday 08:30 local', (_, zone, first) => {
    const slots = slotsOn(zone, [TUESDAY], '2027-03-22T00:00:00Z', '2027-03-24T00:00:00Z');
    expect(slots[0]).toEqual({ start: first, end: new Date(Date.parse(first) + 30 * 60_000).toISOString() });
    expect(slots).toHaveLength(5);
  });

  it('Pacific/Chatham: Tuesday 08:30 is Monday 18:45Z in summer (+13:45) and 19:45Z in winter (+12:45)', () => {
    expect(slotsOn('Pacific/Chatham', [TUESDAY], '2027-01-10T00:00:00Z', '2027-01-13T00:00:00Z')[0]!.start).toBe('2027-01-11T18:45:00.000Z');
    expect(slotsOn('Pacific/Chatham', [TUESDAY], '2027-07-11T00:00:00Z', '2027-07-14T00:00:00Z')[0]!.start).toBe('2027-07-12T19:45:00.000Z');
  });

  it('Pacific/Chatham 2026-09-27: the clock skips 02:45–03:45', () => {
    // 02:30 (+12:45) = 13:45Z on the 26th; the jump is at 14:00Z; the close, 04:00 (+13:45), is 14:15Z.
    // 02:30 fits, ending at the close; 03:45 (14:00Z) would end at 14:30Z, after it.
    const slots = slotsOn('Pacific/Chatham', [window('sun', '02:30', '04:00')], '2026-09-25T00:00:00Z', '2026-09-28T00:00:00Z');
    expect(slots).toEqual([{ start: '2026-09-26T13:45:00.000Z', end: '2026-09-26T14:15:00.000Z' }]);
  });

  it('Australia/Lord_Howe 2026-10-04: a 30-minute DST change skips 02:00–02:30', () => {
    // 01:30 and 01:45 are +10:30 (15:00Z, 15:15Z); 02:00 and 02:15 do not exist; 02:30 is +11:00 = 15:30Z.
    // The close, 03:00 (+11:00), is 16:00Z, so 02:45 (15:45Z) does not fit.
    const slots = slotsOn('Australia/Lord_Howe', [window('sun', '01:30', '03:00')], '2026-10-02T00:00:00Z', '2026-10-05T00:00:00Z');
    expect(slots.map((s) => s.start)).toEqual(['2026-10-03T15:00:00.000Z', '2026-10-03T15:15:00.000Z', '2026-10-03T15:30:00.000Z']);
  });

  it('Australia/Lord_Howe 2027-04-04: the repeated half hour 01:30–02:00 counts the first time round', () => {
    // 01:30 and 01:45 (+11:00) = 14:30Z and 14:45Z; the close, 02:00 (+10:30), is 15:30Z.
    const slots = slotsOn('Australia/Lord_Howe', [window('sun', '01:30', '02:00')], '2027-04-02T00:00:00Z', '2027-04-05T00:00:00Z', 15, 15);
    expect(slots.map((s) => s.start)).toEqual(['2027-04-03T14:30:00.000Z', '2027-04-03T14:45:00.000Z']);
  });
});

