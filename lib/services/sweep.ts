import type { UserSettings } from '../core/domain/settings.js';
import { settleBookings } from './booking-steps.js';
import { syncUser, type SyncDeps, type SyncReport } from './sync.js';
import type { CalendarDeps } from './availability.js';

/**
 * One user's scheduled round, every 15 minutes: first finish any booking a crash left half-done
 * (so the calendars read next already show it) and send the mail still owed (a crash between
 * recording and sending, or a failure due for its retry), then read what changed.
 */
export async function sweep(deps: SyncDeps & CalendarDeps, userId: string, now: string, settings?: UserSettings): Promise<SyncReport> {
  await settleBookings(deps, userId);
  // Mail waits for the next round if the outbox cannot be read now; the calendars still sync.
  await deps.mailer?.finish(userId).catch((error: unknown) => deps.logger.warn('owed mail is left for the next sweep', { userId, error }));
  return syncUser(deps, userId, now, { sweep: true, ...(settings ? { settings } : {}) });
}
