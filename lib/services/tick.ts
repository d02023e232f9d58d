import { SWEEP_SHARDS } from '../core/domain/schedule.js';
import type { Logger } from '../runtime/log.js';
import type { WorkMessage } from '../adapters/queue/messages.js';
import type { WorkQueue } from '../adapters/queue/work-queue.js';
import type { Store, UserPage } from '../core/ports/store.js';

/**
 * The cloud's schedules: each tick lists its users from a schedule index (never a scan) and
 * enqueues one message per user, page by page, so memory stays flat however many users there
 * are and one user's trouble is that user's message alone.
 */

export interface TickDeps {
  store: Pick<Store, 'schedule'>;
  queue: WorkQueue;
  logger: Logger;
}

export interface TickReport {
  enqueued: number;
}

/** Shards read at once: enough to keep SQS busy, few enough to stay far from any throttle. */
const SHARDS_IN_FLIGHT = 4;

async function enqueueAll(deps: TickDeps, read: (next?: string) => Promise<UserPage>, toMessage: (userId: string) => WorkMessage): Promise<number> {
  let count = 0;
  let next: string | undefined;
  do {
    const page = await read(next);
    await deps.queue.send(page.userIds.map(toMessage));
    count += page.userIds.length;
    next = page.next;
  } while (next !== undefined);
  return count;
}

/** Every 15 minutes: one sweep message per user, every shard. */
export async function enqueueSweeps(deps: TickDeps): Promise<TickReport> {
  const shards = Array.from({ length: SWEEP_SHARDS }, (_, shard) => shard);
  let enqueued = 0;
  for (let i = 0; i < shards.length; i += SHARDS_IN_FLIGHT) {
    const counts = await Promise.all(
      shards.slice(i, i + SHARDS_IN_FLIGHT).map((shard) => enqueueAll(deps, (next) => deps.store.schedule.sweepShard(shard, next), (userId) => ({ kind: 'sweep', userId }))),
    );
    enqueued += counts.reduce((a, b) => a + b, 0);
  }
  return { enqueued };
}

/** Hourly: one proposal message per user whose proposal run falls on this UTC hour. */
export async function enqueueProposals(deps: TickDeps, hour: number): Promise<TickReport> {
  const enqueued = await enqueueAll(deps, (next) => deps.store.schedule.proposalHour(hour, next), (userId) => ({ kind: 'propose', userId, hour }));
  return { enqueued };
}
