import { InvalidKey } from '../../core/ports/store-errors.js';
import { canonicalInstant, CLAIM_CELL, userPartition, type ItemKey } from './keys.js';

/**
 * Claims are guarded by fixed cells of UTC time (see bookings.ts): two spans that overlap
 * always share a cell, whatever their alignment, and a span of the longest coffee settings
 * allow (240 minutes with 240 of buffer on each side: 12 hours) touches 49 cells, so a move
 * (cells + 5 items: the claim put and delete, the proposal, the step marker and its pull) stays
 * far under TransactWriteItems' 100 items.
 */
export const CLAIM_CELL_MINUTES = 15;
const CELL_MS = CLAIM_CELL_MINUTES * 60_000;
/** Refused beyond this: a longer span would push a booking's transaction past 100 items. */
export const MAX_CLAIM_CELLS = 64;

/** The starts (ISO) of the cells `span` touches; ends are exclusive, so a span ending on a cell's start does not take it. */
export function claimCellsOf(span: { start: string; end: string }): string[] {
  const from = Date.parse(canonicalInstant(span.start));
  const to = Date.parse(canonicalInstant(span.end));
  if (!(from < to)) throw new InvalidKey(`an empty span has no claim cells: ${span.start}–${span.end}`);
  const first = Math.floor(from / CELL_MS);
  const last = Math.ceil(to / CELL_MS) - 1;
  if (last - first + 1 > MAX_CLAIM_CELLS) throw new InvalidKey(`a span of ${(to - from) / 60_000} minutes touches more than ${MAX_CLAIM_CELLS} claim cells`);
  return Array.from({ length: last - first + 1 }, (_, i) => new Date((first + i) * CELL_MS).toISOString());
}

export function claimCellKey(userId: string, cellStart: string): ItemKey {
  const ms = Date.parse(canonicalInstant(cellStart));
  if (ms % CELL_MS !== 0) throw new InvalidKey(`not the start of a claim cell: ${cellStart}`);
  return { pk: userPartition(userId), sk: CLAIM_CELL + new Date(ms).toISOString() };
}

/** Sort-key bounds of the cells from `first` to `last` (both included): one Query reads a span's cells. */
export function claimCellRange(first: string, last: string): { lower: string; upper: string } {
  return { lower: CLAIM_CELL + canonicalInstant(first), upper: CLAIM_CELL + canonicalInstant(last) };
}

/** The cell start a cell item's sort key names. */
export function cellStartOf(sk: string): string {
  if (!sk.startsWith(CLAIM_CELL)) throw new InvalidKey(`not a claim cell key: ${sk}`);
  return sk.slice(CLAIM_CELL.length);
}
