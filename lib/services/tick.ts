import { SWEEP_SHARDS } from '../core/domain/schedule.js';
import type { Logger } from '../runtime/log.js';
import type { WorkMessage } from '../adapters/queue/messages.js';
import type { WorkQueue } from '../adapters/queue/work-queue.js';
import type { Store, UserPage } from '../core/ports/store.js';
import { PULLS_PER_MESSAGE, pullInstantOf } from '../core/domain/sweep-pulls.js';

/**
 * The cloud's schedules: each tick lists its users from a schedule index (never a scan) and
 * enqueues one message per user due, page by page, so memory stays flat however many users
 * there are (a shard's wake times, about 80 bytes a user, are the one thing held) and one
 * user's trouble is that user's message alone.
 */

export interface TickDeps {
  store: Pick<Store, 'schedule' | 'wake'>;
  queue: WorkQueue;
  logger: Logger;
}

export interface TickReport {
  enqueued: number;
  /** Users the sweep tick passed over: nothing of theirs is due. */
  resting?: number;
}

/** Shards read at once: enough to keep SQS busy, few enough to stay far from any throttle. */
const SHARDS_IN_FLIGHT = 4;

/** Streams the index's pages into the queue; `toMessage` may pass a user over (null). */
async function enqueueAll(deps: TickDeps, read: (next?: string) => Promise<UserPage>, toMessage: (userId: string) => WorkMessage | null): Promise<{ count: number; skipped: number }> {
  let count = 0;
  let skipped = 0;
  let next: string | undefined;
  do {
    const page = await read(next);
    const messages = page.userIds.map(toMessage).filter((m): m is WorkMessage => m !== null);
    if (messages.length > 0) await deps.queue.send(messages);
    count += messages.length;
    skipped += page.userIds.length - messages.length;
    next = page.next;
  } while (next !== undefined);
  return { count, skipped };
}

/**
 * Every 15 minutes: one sweep message per user whose sweep is due, every shard. Who is due is
 * each shard's wake times (one Query of small items) against `now`: a user with no time yet, or
 * whose last sweep's time or a later pull has come (core/domain/sweep-wake.ts). The others cost
 * nothing this round.
 */
export async function enqueueSweeps(deps: TickDeps, now: string): Promise<TickReport> {
  const shards = Array.from({ length: SWEEP_SHARDS }, (_, shard) => shard);
  const nowMs = Date.parse(now);
  const come = (at: string | undefined) => at !== undefined && Date.parse(at) <= nowMs;
  let enqueued = 0;
  let resting = 0;
  for (let i = 0; i < shards.length; i += SHARDS_IN_FLIGHT) {
    const counts = await Promise.all(
      shards.slice(i, i + SHARDS_IN_FLIGHT).map(async (shard) => {
        const wakes = await deps.store.wake.shard(shard);
        const sweepOf = (userId: string): WorkMessage | null => {
          const wake = wakes.get(userId);
          // The oldest due pulls, a bounded number (the rest stay due and go with the next message).
          const pulled = (wake?.pulls ?? []).filter((entry) => come(pullInstantOf(entry))).slice(0, PULLS_PER_MESSAGE);
          if (wake?.wakeAt !== undefined && !come(wake.wakeAt) && pulled.length === 0) return null;
          return { kind: 'sweep', userId, ...(pulled.length > 0 && { pulled }) };
        };
        const sent = await enqueueAll(deps, (next) => deps.store.schedule.sweepShard(shard, next), sweepOf);
        resting += sent.skipped;
        return sent.count;
      }),
    );
    enqueued += counts.reduce((a, b) => a + b, 0);
  }
  return { enqueued, resting };
}

/** Hourly: one proposal message per user whose proposal run falls on this UTC hour. */
export async function enqueueProposals(deps: TickDeps, hour: number): Promise<TickReport> {
  const { count } = await enqueueAll(deps, (next) => deps.store.schedule.proposalHour(hour, next), (userId) => ({ kind: 'propose', userId, hour }));
  return { enqueued: count };
}
