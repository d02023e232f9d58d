import type { UserSettings } from '../core/domain/settings.js';
import { pullInstantOf } from '../core/domain/sweep-pulls.js';
import { settleBookings } from './booking-steps.js';
import { syncUser, type SyncDeps, type SyncReport } from './sync.js';
import type { CalendarDeps } from './availability.js';

/**
 * One user's scheduled round: first finish any booking a crash left half-done (so the
 * calendars read next already show it) and send the mail still owed (a crash between recording
 * and sending, or a failure due for its retry), then read what changed.
 */
export async function sweep(deps: SyncDeps & CalendarDeps, userId: string, now: string, settings?: UserSettings): Promise<SyncReport> {
  return (await sweepRound(deps, userId, now, settings ? { settings } : {})).report;
}

/** What a round leaves for the next (core/domain/sweep-wake.ts). */
export interface RoundLeft {
  /** Booking steps or owed mail it could not finish: the next tick. */
  workLeft: boolean;
  /** When the next message falls owed (a retry not yet due, an attempt whose lease runs). */
  mailOwedAt?: string;
}

/**
 * The round, and what it leaves for the next. `latest`: the round was woken for work just
 * stored (a pull), so it reads the latest copies rather than a replica's, which may not show it yet.
 */
export async function sweepRound(deps: SyncDeps & CalendarDeps, userId: string, now: string, options: { settings?: UserSettings; latest?: boolean } = {}): Promise<{ report: SyncReport } & RoundLeft> {
  const freshness = { eventual: options.latest !== true };
  const { left } = await settleBookings(deps, userId, freshness);
  // Mail waits for the next round if the outbox cannot be read now; the calendars still sync.
  const mail = await (deps.mailer?.finish(userId, freshness) ?? Promise.resolve(undefined)).then(
    (finished) => ({ left: false, owedAt: finished?.laterAt }),
    (error: unknown) => {
      deps.logger.warn('owed mail is left for the next sweep', { userId, error });
      return { left: true, owedAt: undefined };
    },
  );
  const report = await syncUser(deps, userId, now, { sweep: true, ...(options.settings && { settings: options.settings }), ...(options.latest && { latest: true }) });
  return { report, workLeft: left > 0 || mail.left, ...(mail.owedAt && { mailOwedAt: mail.owedAt }) };
}

/**
 * A sweep on a fixed schedule (`npm start` sweeps every 15 minutes whatever is due): it serves
 * the wake-ups stored work asked for, as a sweep the tick enqueued would, so they do not pile up.
 */
export async function scheduledSweep(deps: SyncDeps & CalendarDeps, userId: string, now: string): Promise<SyncReport> {
  const report = await sweep(deps, userId, now);
  const served = ((await deps.store.wake.of(userId)).pulls ?? []).filter((entry) => Date.parse(pullInstantOf(entry)) <= Date.parse(now));
  if (served.length > 0) await deps.store.wake.settle(userId, now, served);
  return report;
}
