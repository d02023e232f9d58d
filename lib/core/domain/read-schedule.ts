import type { Connection } from '../ports/connections.js';

/**
 * When the sweep reads a calendar and when it writes the sync time: the rules that keep a
 * 15-minute round cheap (push-covered calendars read only as a safety net, an unchanged read
 * writing nothing but a six-hourly sync time) without letting a failure or a lost notification go
 * unnoticed. Pure; services/sync.ts applies them.
 */

/**
 * A sync that finds no calendar change writes nothing but, every six hours, the connections'
 * sync time: proof the calendar is still being read (the dashboard says so) without a write
 * every sweep. Hourly cost 48 write units a user-day for two feeds; six-hourly costs 8
 * (bench: cost model). A failure is written at once, whatever the age.
 */
export const SYNC_TIME_REFRESH_MS = 6 * 60 * 60_000;

/**
 * How old a push-covered calendar's last read may get before the sweep reads it anyway: the
 * safety net for a lost notification. Changes arrive by push; what this delays is only a change
 * whose notification was lost, and booking pages and bookings ask providers for free/busy live
 * regardless. Twelve hours: each safety read is a sweep the user would not otherwise need and a
 * sync-time write per calendar (six-hourly cost about 0.25 $ a month per 1,000 users more; bench:
 * cost model), for a delay that matters to cadences counted in weeks.
 */
export const PUSH_SAFETY_READ_MS = 12 * 60 * 60_000;

/**
 * Once one push-covered calendar is due for its safety read, the others last read at least this
 * long ago are read in the same sweep: a user's calendars then share one safety read (two a day)
 * instead of waking the sweep at each calendar's own hour.
 */
export const SAFETY_READ_ALIGN_MS = PUSH_SAFETY_READ_MS / 2;

/**
 * Whether a live push channel tells us about every change of the calendars this connection
 * counts: Google's channel watches the primary calendar only; Graph's subscription covers the
 * mailbox's events, which is what the delta sync reads.
 */
export function pushCovers(connection: Connection, now: string): boolean {
  if (!connection.push || connection.push.expiresAt <= now) return false;
  if (connection.kind === 'microsoft') return true;
  if (connection.kind === 'google') return (connection.calendars ?? []).filter((c) => c.counts).every((c) => c.primary === true);
  return false;
}

/** The last sync failed or is older than `maxAgeMs` (or there was none). */
function unhealthyOrOlderThan(connection: Connection, now: string, maxAgeMs: number): boolean {
  if (connection.status !== 'ok' || connection.lastError !== undefined || connection.lastSyncAt === undefined) return true;
  return Date.parse(now) - Date.parse(connection.lastSyncAt) >= maxAgeMs;
}

/** The sweep may leave this calendar unread: push keeps it current and its last read is recent and healthy. */
export function coveredByPush(connection: Connection, now: string): boolean {
  return pushCovers(connection, now) && !unhealthyOrOlderThan(connection, now, PUSH_SAFETY_READ_MS);
}

/**
 * The calendars a sweep leaves unread: those push keeps current, unless the safety read of one
 * of them is due, which takes along the others read at least {@link SAFETY_READ_ALIGN_MS} ago.
 */
export function leftUnreadBySweep(connections: readonly Connection[], now: string): Set<string> {
  const covered = connections.filter((c) => coveredByPush(c, now));
  const safetyDue = connections.some((c) => pushCovers(c, now) && !coveredByPush(c, now));
  const alongside = (c: Connection) => safetyDue && unhealthyOrOlderThan(c, now, SAFETY_READ_ALIGN_MS);
  return new Set(covered.filter((c) => !alongside(c)).map((c) => c.id));
}

export function isStale(connection: Connection, now: string): boolean {
  return unhealthyOrOlderThan(connection, now, SYNC_TIME_REFRESH_MS);
}

/**
 * An unchanged read writes the sync time only when the dashboard's "last sync" would otherwise
 * be six hours old. Rapport's own calendar is items in this store, never behind: its time stays
 * that of its last change (24 writes a user-day saved).
 */
export function needsSyncTime(connection: Connection, now: string): boolean {
  if (connection.kind === 'rapport' && !unhealthyOrOlderThan(connection, now, Number.POSITIVE_INFINITY)) return false;
  return isStale(connection, now);
}

/**
 * A failed read is written when it is news: a new failure, another reason, or the same one
 * six hours on (the dashboard's "last sync" then says it is still being tried). A dead feed
 * retried every 15 minutes would otherwise cost a write each time, 96 a day, for nothing new.
 */
export function needsFailureRecord(connection: Connection, failure: { status: Connection['status']; reason: string }, now: string): boolean {
  if (connection.status !== failure.status || connection.lastError !== failure.reason || connection.lastSyncAt === undefined) return true;
  return Date.parse(now) - Date.parse(connection.lastSyncAt) >= SYNC_TIME_REFRESH_MS;
}
