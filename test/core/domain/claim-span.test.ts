import { describe, expect, it } from 'vitest';
import { claimSpanOf } from '../../../lib/core/domain/proposal.js';

describe('the time a booking keeps from other bookings', () => {
  it('is the slot widened by the buffers before and after', () => {
    expect(claimSpanOf({ start: '2027-03-09T08:30:00.000Z', end: '2027-03-09T09:00:00.000Z' }, { beforeMinutes: 15, afterMinutes: 10 })).toEqual({
      start: '2027-03-09T08:15:00.000Z',
      end: '2027-03-09T09:10:00.000Z',
    });
  });

  it('is the slot itself without buffers, written canonically', () => {
    expect(claimSpanOf({ start: '2027-03-09T09:30:00+01:00', end: '2027-03-09T10:00:00+01:00' }, { beforeMinutes: 0, afterMinutes: 0 })).toEqual({
      start: '2027-03-09T08:30:00.000Z',
      end: '2027-03-09T09:00:00.000Z',
    });
  });

  it('of two bookings that cannot both stand (one\u2019s buffered time on the other\u2019s time), the spans overlap', () => {
    const buffers = { beforeMinutes: 20, afterMinutes: 5 };
    const at = (ms: number) => ({ start: new Date(ms).toISOString(), end: new Date(ms + 30 * 60_000).toISOString() });
    const overlap = (a: { start: string; end: string }, b: { start: string; end: string }) => a.start < b.end && b.start < a.end;
    const first = at(Date.parse('2027-03-09T08:30:00.000Z'));
    for (let offset = -90; offset <= 90; offset++) {
      const second = at(Date.parse(first.start) + offset * 60_000);
      const clash = overlap(claimSpanOf(second, buffers), first) || overlap(claimSpanOf(first, buffers), second);
      if (clash) expect(overlap(claimSpanOf(first, buffers), claimSpanOf(second, buffers))).toBe(true);
    }
  });
});
