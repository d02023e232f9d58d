import { pullInstantOf } from '../../lib/core/domain/sweep-pulls.js';
import type { Store } from '../../lib/core/ports/store.js';

/** The instants of the sweep wake-ups stored work has asked for, oldest first. */
export async function pullTimesOf(store: Pick<Store, 'wake'>, userId: string): Promise<string[]> {
  return ((await store.wake.of(userId)).pulls ?? []).map(pullInstantOf);
}
