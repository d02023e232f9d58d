import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, test } from 'vitest';
import { DEFAULT_COFFEE_SETTINGS } from '../../../lib/core/domain/coffee.js';
import { proposalBucketOf, sweepShardOf, SWEEP_SHARDS, tickHourOf } from '../../../lib/core/domain/schedule.js';
import { someSettings } from './builders.js';

const at = (timeZone: string, proposalHour = 8) => someSettings({ timeZone, coffee: { ...DEFAULT_COFFEE_SETTINGS, proposalHour } });

describe('sweep shards', () => {
  test('a user always lands in the same shard, and users spread over all of them', () => {
    expect(sweepShardOf('user-123')).toBe(sweepShardOf('user-123'));
    const counts = new Array<number>(SWEEP_SHARDS).fill(0);
    for (let i = 0; i < 16_000; i++) counts[sweepShardOf(`u${i}`)]! += 1;
    // 1,000 expected per shard: within ±15 % means no shard runs hot.
    for (const count of counts) expect(count).toBeGreaterThan(850), expect(count).toBeLessThan(1150);
  });
});

describe('proposal buckets', () => {
  test('London: 08:00 local is 08 UTC in winter and 07 UTC in summer', () => {
    expect(proposalBucketOf(at('Europe/London'), '2027-01-10T12:00:00Z')).toBe(8);
    expect(proposalBucketOf(at('Europe/London'), '2027-07-10T12:00:00Z')).toBe(7);
  });

  test('the run on the morning before a DST change already points at the next morning’s hour', () => {
    // Europe/London springs forward on Sunday 2027-03-28 at 01:00 UTC. Saturday's run at 08:00
    // GMT re-places the user for Sunday 08:00 BST = 07:00 UTC.
    expect(proposalBucketOf(at('Europe/London'), '2027-03-27T08:00:00Z')).toBe(7);
    // New York falls back on 2027-11-07: Saturday's run at 08:00 EDT (12 UTC) points at 13 UTC.
    expect(proposalBucketOf(at('America/New_York'), '2027-11-06T12:00:00Z')).toBe(13);
  });

  test('half- and quarter-hour zones round up to the tick inside the proposal hour', () => {
    // 08:00 IST = 02:30 UTC: the 03:00 UTC tick is 08:30 local.
    expect(proposalBucketOf(at('Asia/Kolkata'), '2027-01-10T12:00:00Z')).toBe(3);
    // Chatham (+13:45 in January): 08:00 local = 18:15 UTC the day before → 19 UTC = 08:45 local.
    expect(proposalBucketOf(at('Pacific/Chatham'), '2027-01-10T12:00:00Z')).toBe(19);
    // Far east and far west of UTC.
    expect(proposalBucketOf(at('Pacific/Kiritimati'), '2027-01-10T12:00:00Z')).toBe(18);
    expect(proposalBucketOf(at('Pacific/Pago_Pago'), '2027-01-10T12:00:00Z')).toBe(19);
  });

  test('property: the tick of the bucket falls inside the user’s local proposal hour', () => {
    const zones = ['Europe/London', 'America/New_York', 'Asia/Kolkata', 'Asia/Kathmandu', 'Pacific/Chatham', 'Australia/Lord_Howe', 'America/St_Johns', 'Pacific/Kiritimati'];
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.integer({ min: 5, max: 11 }), fc.date({ min: new Date('2026-01-01'), max: new Date('2029-12-31'), noInvalidDate: true }), (zone, hour, date) => {
        const now = date.toISOString();
        const bucket = proposalBucketOf(at(zone, hour), now);
        // The first tick at that UTC hour after now is the next run; it must be inside the hour.
        let tick = DateTime.fromISO(now, { zone: 'utc' }).startOf('hour').plus({ hours: 1 });
        while (tick.hour !== bucket) tick = tick.plus({ hours: 1 });
        expect(tick.setZone(zone).hour).toBe(hour);
      }),
    );
  });
});

describe('tick hour', () => {
  test('a tick delivered a little early or late counts for the nearest hour', () => {
    expect(tickHourOf('2027-01-10T08:00:00Z')).toBe(8);
    expect(tickHourOf('2027-01-10T07:59:58.500Z')).toBe(8);
    expect(tickHourOf('2027-01-10T08:00:02Z')).toBe(8);
    expect(() => tickHourOf('yesterday')).toThrow(RangeError);
  });
});
