import { IANAZone } from 'luxon';
import { describe, expect, it } from 'vitest';
import { wallClockToInstant } from '../../../lib/core/domain/zones.js';

describe('wall-clock times that DST makes ambiguous or impossible (RFC 5545 §3.3.5)', () => {
  const london = IANAZone.create('Europe/London');
  const at = (day: number, month: number, hour: number, minute: number) =>
    new Date(wallClockToInstant({ year: 2026, month, day, hour, minute, second: 0 }, london)).toISOString();

  it('reads a time that happens twice as the first occurrence', () => {
    expect(at(25, 10, 1, 30)).toBe('2026-10-25T00:30:00.000Z');
  });

  it('reads a time in the spring-forward gap with the offset before the gap', () => {
    expect(at(29, 3, 1, 30)).toBe('2026-03-29T01:30:00.000Z');
  });

  it('reads ordinary times with the offset in force', () => {
    expect(at(29, 3, 0, 30)).toBe('2026-03-29T00:30:00.000Z');
    expect(at(29, 3, 2, 30)).toBe('2026-03-29T01:30:00.000Z');
  });
});
