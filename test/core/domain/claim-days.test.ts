import { describe, expect, it } from 'vitest';
import { claimDaysOf } from '../../../lib/core/domain/proposal.js';

const none = { beforeMinutes: 0, afterMinutes: 0 };

describe('the days that guard a booking', () => {
  it('is the slot’s UTC day when it sits inside one day', () => {
    expect(claimDaysOf({ start: '2027-03-09T08:30:00.000Z', end: '2027-03-09T09:00:00.000Z' }, { beforeMinutes: 15, afterMinutes: 15 })).toEqual(['2027-03-09']);
  });

  it('takes the next day too when the buffer after reaches past midnight', () => {
    expect(claimDaysOf({ start: '2027-03-09T23:00:00.000Z', end: '2027-03-09T23:30:00.000Z' }, { beforeMinutes: 0, afterMinutes: 45 })).toEqual(['2027-03-09', '2027-03-10']);
  });

  it('takes the day before when the buffer before reaches back past midnight', () => {
    expect(claimDaysOf({ start: '2027-03-10T00:15:00.000Z', end: '2027-03-10T00:45:00.000Z' }, { beforeMinutes: 30, afterMinutes: 0 })).toEqual(['2027-03-09', '2027-03-10']);
  });

  it('does not take the next day for a coffee ending exactly at midnight (ends are exclusive)', () => {
    expect(claimDaysOf({ start: '2027-03-09T23:30:00.000Z', end: '2027-03-10T00:00:00.000Z' }, none)).toEqual(['2027-03-09']);
  });

  it('two bookings that could conflict always share a day', () => {
    const buffers = { beforeMinutes: 20, afterMinutes: 20 };
    for (let a = 0; a < 24 * 60; a += 35) {
      const start = Date.UTC(2027, 2, 9, 22) + a * 60_000 - 12 * 3_600_000;
      const first = { start: new Date(start).toISOString(), end: new Date(start + 30 * 60_000).toISOString() };
      // The second starts anywhere its buffered time still touches the first.
      for (let offset = -70; offset <= 70; offset += 5) {
        const s2 = start + offset * 60_000;
        const second = { start: new Date(s2).toISOString(), end: new Date(s2 + 30 * 60_000).toISOString() };
        const conflict = s2 - 20 * 60_000 < start + 30 * 60_000 && s2 + 50 * 60_000 > start;
        if (!conflict) continue;
        const shared = claimDaysOf(first, buffers).filter((d) => claimDaysOf(second, buffers).includes(d));
        expect(shared.length).toBeGreaterThan(0);
      }
    }
  });
});
