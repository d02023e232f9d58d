import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseInstantMs } from '../../../lib/core/domain/instant.js';

describe('reading ISO instants', () => {
  it('agrees with Date.parse on every canonical instant from year 1000 to 9999', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1000, 0, 1), max: Date.UTC(9999, 11, 31, 23, 59, 59, 999) }), (ms) => {
        const iso = new Date(ms).toISOString();
        expect(parseInstantMs(iso)).toBe(ms);
      }),
      { numRuns: 5_000 },
    );
  });

  it.each(['2027-03-23T08:30:00Z', '2027-03-23T09:30:00+01:00', '2027-03-23T08:30:00.000+00:00'])('reads other forms like Date.parse: %s', (iso) => {
    expect(parseInstantMs(iso)).toBe(Date.parse(iso));
  });

  it.each(['2027-02-30T08:30:00.000Z', '2027-13-01T08:30:00.000Z', '2027-03-23T24:00:00.000Z', '2027-03-23T08:3x:00.000Z', 'not a date at all......', ''])(
    'is NaN for %j, never a guess',
    (text) => {
      expect(parseInstantMs(text)).toBeNaN();
    },
  );

  it('knows leap days', () => {
    expect(parseInstantMs('2028-02-29T12:00:00.000Z')).toBe(Date.UTC(2028, 1, 29, 12));
    expect(parseInstantMs('2100-02-29T12:00:00.000Z')).toBeNaN();
  });
});
