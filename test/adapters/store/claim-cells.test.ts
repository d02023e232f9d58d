import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { claimCellKey, claimCellsOf, MAX_CLAIM_CELLS } from '../../../lib/adapters/store/claim-cells.js';
import { InvalidKey } from '../../../lib/core/ports/store-errors.js';

const span = (start: string, end: string) => ({ start: `2027-03-09T${start}:00.000Z`, end: `2027-03-09T${end}:00.000Z` });

describe('the claim cells a span touches', () => {
  it('are the 15-minute cells of UTC time it covers, its end exclusive', () => {
    expect(claimCellsOf(span('08:30', '09:00'))).toEqual(['2027-03-09T08:30:00.000Z', '2027-03-09T08:45:00.000Z']);
    expect(claimCellsOf(span('08:20', '09:01'))).toEqual(['2027-03-09T08:15:00.000Z', '2027-03-09T08:30:00.000Z', '2027-03-09T08:45:00.000Z', '2027-03-09T09:00:00.000Z']);
  });

  it('do not depend on how the instants are written', () => {
    expect(claimCellsOf({ start: '2027-03-09T09:30:00+01:00', end: '2027-03-09T10:00:00+01:00' })).toEqual(claimCellsOf(span('08:30', '09:00')));
  });

  it('of the longest coffee the settings allow, with both buffers, stay under the transaction limit', () => {
    // 240 minutes of coffee with 240 before and after, starting off the cell grid.
    expect(claimCellsOf({ start: '2027-03-09T00:07:00.000Z', end: '2027-03-09T12:07:00.000Z' })).toHaveLength(49);
    expect(49 + 4).toBeLessThanOrEqual(100);
    expect(() => claimCellsOf({ start: '2027-03-09T00:00:00.000Z', end: '2027-03-10T00:00:00.000Z' })).toThrow(InvalidKey);
    expect(MAX_CLAIM_CELLS + 4).toBeLessThanOrEqual(100);
  });

  it('refuse an empty span, and a cell key off the grid', () => {
    expect(() => claimCellsOf(span('09:00', '09:00'))).toThrow(InvalidKey);
    expect(() => claimCellKey('u1', '2027-03-09T08:10:00.000Z')).toThrow(InvalidKey);
  });

  it('two spans that overlap always share a cell; spans apart by a whole cell never do', () => {
    const minute = 60_000;
    const base = Date.parse('2027-03-09T00:00:00.000Z');
    const aSpan = fc.tuple(fc.integer({ min: 0, max: 24 * 60 }), fc.integer({ min: 1, max: 720 })).map(([from, length]) => ({
      start: new Date(base + from * minute).toISOString(),
      end: new Date(base + (from + length) * minute).toISOString(),
    }));
    fc.assert(
      fc.property(aSpan, aSpan, (a, b) => {
        const shared = claimCellsOf(a).some((cell) => claimCellsOf(b).includes(cell));
        const overlap = a.start < b.end && b.start < a.end;
        const gapMs = Math.max(Date.parse(b.start) - Date.parse(a.end), Date.parse(a.start) - Date.parse(b.end));
        if (overlap) expect(shared).toBe(true);
        if (gapMs >= 15 * minute) expect(shared).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });
});
