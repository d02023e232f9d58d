import type { BookingConflict } from '../core/ports/store-errors.js';

/**
 * How a booking or a move that lost a race for its time tries again. The store says which
 * race it lost:
 * - `sequence`: a cell of the span changed since it was read, so another claim of nearby time
 *   committed (someone made progress). Re-check and retry, at most `maxCommittedLosses` times;
 *   the caller then says the time is busy.
 * - `contended`: DynamoDB cancelled the transaction because another was writing one of the same
 *   cells at that moment (TransactionConflict). Both can be cancelled, so nothing may have
 *   committed: giving up after a fixed number of these could leave a time that many guests
 *   wanted booked by none of them, and a loaded machine (slower transactions, more overlap)
 *   makes that likelier. So these do not count toward giving up, and the wait before the next
 *   try is random (full jitter) and scaled by how long the lost try took, so contenders spread
 *   out however fast the machine is. `maxContendedLosses` only guards against a store that
 *   never stops answering so; it is far beyond what contention produces.
 */

export interface ClaimRaceLimits {
  /** Losses to claims that committed before the caller gives up (default 12). */
  maxCommittedLosses?: number;
  /** Losses to transactions that did not necessarily commit (default 200). */
  maxContendedLosses?: number;
  /** The longest single wait, ms (default 2,000). */
  maxWaitMs?: number;
}

export interface ClaimRaces {
  /** Marks the start of a try (its duration scales the wait after a loss). */
  trying(): void;
  /** After a lost race: waits before the next try, or answers false when the caller should give up. */
  lost(conflict: BookingConflict): Promise<boolean>;
}

export function claimRaces(limits: ClaimRaceLimits = {}): ClaimRaces {
  const { maxCommittedLosses = 12, maxContendedLosses = 200, maxWaitMs = 2_000 } = limits;
  let committed = 0;
  let contended = 0;
  let startedAt = performance.now();
  return {
    trying() {
      startedAt = performance.now();
    },
    async lost(conflict) {
      const tryMs = Math.max(1, performance.now() - startedAt);
      if (conflict.reason === 'contended') contended += 1;
      else committed += 1;
      if (committed > maxCommittedLosses || contended > maxContendedLosses) return false;
      const losses = committed + contended;
      const ceiling = Math.min(maxWaitMs, tryMs * 2 ** Math.min(losses, 4));
      await new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
      return true;
    },
  };
}
