/**
 * The longest a user goes without a sweep (core/domain/sweep-wake.ts): every sweep's next time is
 * at most this far ahead, so a pull further out than this is never the earliest, and the sweep
 * before it reads the work it stands for (a marker, an owed message) from the store.
 */
export const SWEEP_AT_LEAST_EVERY_MS = 12 * 60 * 60_000;

/**
 * A pull entry (adapters/store/wake.ts): the instant a sweep is wanted from, and a nonce so two
 * pulls for one instant stay two entries (a sweep removes only the entries it served).
 */
export const pullEntry = (instant: string, nonce: string): string => `${instant}#${nonce}`;

/** The instant a pull entry stands for. */
export const pullInstantOf = (entry: string): string => {
  const hash = entry.indexOf('#');
  return hash < 0 ? entry : entry.slice(0, hash);
};

/** Pull entries one sweep message carries at most (about 40 bytes each), however many a failing user gathered. */
export const PULLS_PER_MESSAGE = 200;
