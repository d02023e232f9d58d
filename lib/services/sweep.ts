import { settleBookings } from './booking-steps.js';
import { syncUser, type SyncDeps, type SyncReport } from './sync.js';
import type { CalendarDeps } from './availability.js';

/**
 * One user's scheduled round, every 15 minutes: first finish any booking a crash left half-done
 * (so the calendars read next already show it), then read what changed.
 */
export async function sweep(deps: SyncDeps & CalendarDeps, userId: string, now: string): Promise<SyncReport> {
  await settleBookings(deps, userId);
  return syncUser(deps, userId, now, { sweep: true });
}
