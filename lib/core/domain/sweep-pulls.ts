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
