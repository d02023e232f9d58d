/**
 * When a user's next sweep is due: `wakeAt` set by their last sweep, `pulls` added by work
 * stored since (entries `<instant>#<nonce>`, oldest first).
 */
export interface SweepWake {
  wakeAt?: string;
  pulls?: string[];
}

/**
 * Each user's next sweep time (core/domain/sweep-wake.ts): the tick enqueues only users whose time
 * has come. A user with no entry is due (new, or an entry gone by its TTL).
 */
export interface WakeRepository {
  /** The entries of one sweep shard, by user id (one Query of small items for the whole shard). */
  shard(shard: number): Promise<Map<string, SweepWake>>;
  /** One user's entry (empty when there is none). */
  of(userId: string): Promise<SweepWake>;
  /** Asks for a sweep at `at` (best effort): work was stored that a sweep must do from then. */
  pull(userId: string, at: string): Promise<void>;
  /**
   * After a sweep: the next time it computed. `served`: the pull entries the tick saw due, which
   * this sweep has done; they are removed, and a pull added meanwhile stays.
   */
  settle(userId: string, next: string, served?: readonly string[]): Promise<void>;
}
