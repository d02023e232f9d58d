import type { UserSettings } from '../core/domain/settings.js';
import { settleBookings } from './booking-steps.js';
import { syncUser, type SyncDeps, type SyncReport } from './sync.js';
import type { CalendarDeps } from './availability.js';

/**
 * One user's scheduled round: first finish any booking a crash left half-done (so the
 * calendars read next already show it) and send the mail still owed (a crash between recording
 * and sending, or a failure due for its retry), then read what changed.
 */
export async function sweep(deps: SyncDeps & CalendarDeps, userId: string, now: string, settings?: UserSettings): Promise<SyncReport> {
  return (await sweepRound(deps, userId, now, settings)).report;
}

/** The round, and whether it left booking steps or owed mail unfinished (the sweep comes back for them: services/sweep-wake.ts). */
export async function sweepRound(deps: SyncDeps & CalendarDeps, userId: string, now: string, settings?: UserSettings): Promise<{ report: SyncReport; workLeft: boolean }> {
  const { left } = await settleBookings(deps, userId);
  // Mail waits for the next round if the outbox cannot be read now; the calendars still sync.
  const mailLeft = await (deps.mailer?.finish(userId) ?? Promise.resolve()).then(
    () => false,
    (error: unknown) => {
      deps.logger.warn('owed mail is left for the next sweep', { userId, error });
      return true;
    },
  );
  const report = await syncUser(deps, userId, now, { sweep: true, ...(settings ? { settings } : {}) });
  return { report, workLeft: left > 0 || mailLeft };
}
