import { CalendarError, NeedsReconnect, type CalendarSource } from '../core/ports/calendar.js';
import { type CalendarChanges } from '../core/domain/event.js';
import { type TimeWindow } from '../core/domain/busy-time.js';
import type { CalendarEvent } from '../core/domain/event.js';
import type { UserSettings } from '../core/domain/settings.js';
import { mayBecomeMeeting, onlyTheFutureChanged, planEventChanges, type EventPlan } from '../core/domain/sync-plan.js';
import type { Logger } from '../runtime/log.js';
import type { Connection } from '../core/ports/connections.js';
import type { Store } from '../core/ports/store.js';
import { StoreError } from '../core/ports/store-errors.js';
import { busyIndexOf, indexCovers } from './busy-index.js';
import { recordOutcome } from './meeting-outcome.js';
import { leftUnreadBySweep, needsFailureRecord, needsSyncTime } from '../core/domain/read-schedule.js';

/**
 * The sync run: for each calendar connection, read what changed since its cursor, store the
 * compact events, then run inference over all of the user's events and record meetings and
 * contacts. Every write is planned against what is stored, so a second run with no calendar
 * change writes nothing (but, hourly, the connections' sync time) and reads no events.
 */

export interface SyncDeps {
  store: Store;
  /** Opens the calendar of `userId` behind a connection (Rapport's own calendar lives in the user's partition). */
  openSource(connection: Connection, settings: UserSettings, userId: string): Promise<CalendarSource>;
  logger: Logger;
}

/** Shown on a connection that failed in a way Rapport has no words for; the detail is in the log. */
export const UNREADABLE_CALENDAR = 'Rapport could not read this calendar (the problem is logged); your other calendars are unaffected.';

/** How far back and ahead events are read: enough history to seed cadences, and the horizon proposals need. */
export const SYNC_PAST_DAYS = 120;
export const SYNC_FUTURE_DAYS = 60;
const DAY_MS = 86_400_000;

export function syncWindow(now: string): TimeWindow {
  const t = Date.parse(now);
  return { from: new Date(t - SYNC_PAST_DAYS * DAY_MS).toISOString(), to: new Date(t + SYNC_FUTURE_DAYS * DAY_MS).toISOString() };
}

export interface ConnectionSyncReport {
  connectionId: string;
  status: Connection['status'];
  eventsWritten: number;
  eventsRemoved: number;
  error?: string;
}

export interface SyncReport {
  connections: ConnectionSyncReport[];
  meetingsRecorded: number;
  meetingsRetracted: number;
  contactsChanged: number;
}

export class UserNotSetUp extends Error {
  override name = 'UserNotSetUp';
}

export interface SyncOptions {
  /** Sync only this connection (a push notification); the others' stored events still count. */
  connectionId?: string;
  /**
   * The scheduled sweep: a calendar whose push channel is live is read on its notifications, so
   * the sweep reads it only when its last sync is twelve hours old (core/domain/read-schedule.ts PUSH_SAFETY_READ_MS: a safety
   * net for a lost notification). At scale this is what keeps a sweep round inside the providers' per-project
   * quotas (README: Scale). A manual or notified sync always reads.
   */
  sweep?: boolean;
  /** The user's settings when the caller has just read them (the sweep job reads them once for its sync and its mail). */
  settings?: UserSettings;
  /** A sweep woken for work just stored (a pull): it reads the latest copies, not a replica's. */
  latest?: boolean;
}

/** What reading one connection gave: its changes, or the failure that is now on the connection. */
type ConnectionRead = ReadChanges | { connection: Connection; failed: ConnectionSyncReport };
type ReadChanges = { connection: Connection; changes: CalendarChanges; unread?: true };

export async function syncUser(deps: SyncDeps, userId: string, now: string, options: SyncOptions = {}): Promise<SyncReport> {
  // The sweep reads replicas' copies (half the read units): its writes are upserts planned
  // against what it read, so a copy a second old costs at most a repeated write, and the next
  // round sees what this one missed. A notified or manual sync reads the latest.
  const freshness = { eventual: options.sweep === true && options.latest !== true };
  const settings = options.settings ?? (await deps.store.profiles.get(userId, freshness));
  if (!settings) throw new UserNotSetUp(`No settings stored for user ${userId}`);
  const connections = await deps.store.connections.list(userId, freshness);
  const window = syncWindow(now);

  const reads: ConnectionRead[] = [];
  const pushKeepsCurrent = options.sweep === true ? leftUnreadBySweep(connections, now) : new Set<string>();
  for (const connection of connections) {
    // Not read: the connections other than a notified one, and in a sweep those push keeps
    // current. Their stored events still count.
    const unread: CalendarChanges = { kind: 'unchanged', cursor: connection.cursor };
    const skip = options.connectionId ? options.connectionId !== connection.id : pushKeepsCurrent.has(connection.id);
    if (skip) reads.push({ connection, changes: unread, unread: true });
    else reads.push(await readConnection(deps, userId, settings, connection, window, now));
  }

  // A calendar a notified or manual sync could not read is the sweep's to retry, from the next
  // tick (a failing calendar is polled), whatever time the last sweep set; one that needs the
  // user to sign in again waits for them (signing in pulls).
  if (options.sweep !== true && reads.some((r) => 'failed' in r && r.failed.status === 'error')) await deps.store.wake.pull(userId, now);

  // The sweep's common case: nothing changed and no stored event has ended
  // since the last inference, so inference would find what it found last time. One Query for
  // the connections, and no events, meetings or contacts read.
  const nothingChanged = reads.every((r) => 'failed' in r || r.changes.kind === 'unchanged');
  if (nothingChanged && !anEventHasEnded(connections, now)) {
    await refreshSyncTimes(deps, userId, reads, now);
    return { connections: reportsOf(reads), ...NOTHING_RECORDED };
  }
  // Nothing changed but an event ended: only the events that ended since the last inference
  // can change what it finds, and the end-time index holds exactly those.
  // A calendar that cannot be read now keeps what it had: its stored events were inferred
  // when they were stored, and its marker still says when the next one ends.
  if (nothingChanged && connections.every(isInferredAndIndexed)) {
    return inferEnded(deps, userId, settings, reads, now);
  }

  // A calendar changed: what it stored is read, to apply the change to. A full read (a feed)
  // replaces what is stored, so a copy a second old costs at most a repeated write; a delta is
  // applied on top of what is stored, which must be the latest.
  const planned = new Map<string, { stored: CalendarEvent[]; plan: EventPlan }>();
  const changed = reads.filter((r): r is ReadChanges => !('failed' in r) && r.changes.kind !== 'unchanged');
  for (const read of changed) {
    const stored = await deps.store.events.listByConnection(userId, read.connection.id, { eventual: freshness.eventual && read.changes.kind === 'snapshot' });
    planned.set(read.connection.id, { stored, plan: planEventChanges(stored, read.changes) });
  }
  // Only what has not happened yet changed (Rapport's coffees, next week's meetings, a feed read
  // afresh on a new day): no verdict on an ended event can differ, so the other calendars'
  // events, the meetings and the contacts are not read. A change to an ended event in the
  // window (cancelled, declined, moved) takes the full inference below.
  const plans = changed.map((read) => ({ read, ...planned.get(read.connection.id)! }));
  if (!nothingChanged && !anEventHasEnded(connections, now) && connections.every(isInferredAndIndexed) && plans.every(({ stored, plan }) => onlyTheFutureChanged(stored, plan, window, now))) {
    return applyFutureChanges(deps, userId, settings, reads, plans, window, now);
  }

  const allEvents: CalendarEvent[] = [];
  const applied: { read: ReadChanges; report: ConnectionSyncReport; current: CalendarEvent[] }[] = [];
  // Events stored before the end-time index existed are written once more to enter it.
  const unindexed = reads.filter((r) => !r.connection.endIndexed);
  for (const read of reads) {
    const snapshot = !('failed' in read) && read.changes.kind === 'snapshot';
    const known = planned.get(read.connection.id);
    const stored = known?.stored ?? (await deps.store.events.listByConnection(userId, read.connection.id, { eventual: freshness.eventual && snapshot }));
    if ('failed' in read) {
      if (!read.connection.endIndexed) await deps.store.events.putMany(userId, read.connection.id, stored);
      allEvents.push(...stored);
      continue;
    }
    const plan = known?.plan ?? planEventChanges(stored, read.changes);
    await deps.store.events.putMany(userId, read.connection.id, read.connection.endIndexed ? plan.upserts : plan.current);
    await deps.store.events.deleteMany(userId, read.connection.id, plan.removals);
    allEvents.push(...plan.current);
    const report = { connectionId: read.connection.id, status: 'ok' as const, eventsWritten: plan.upserts.length, eventsRemoved: plan.removals.length };
    applied.push({ read, report, current: plan.current });
  }

  await refreshBusyIndexes(deps, userId, settings, applied, window, now);
  const { verdicts, ...outcome } = await recordOutcome(deps, userId, settings, allEvents, window, now);
  // Only events that may still become meetings (those the end-time index holds) make a later sync infer again.
  const pending = new Set(verdicts.filter((v) => v.reason === 'not-ended' && mayBecomeMeeting(v.event)).map((v) => v.event.instanceKey));
  // The cursor is saved only after the events it covers and their meetings are stored: a
  // crash in between re-reads the same changes next time instead of skipping them.
  for (const { read, current, report } of applied) {
    const nextEndAt = nextEndOf(current.filter((e) => pending.has(e.instanceKey)));
    // A connection this sync did not read keeps its cursor and health; only its marker moves.
    if (read.unread) {
      await deps.store.connections.update(userId, read.connection.id, { nextEndAt: nextEndAt ?? undefined });
      await wakeForEarlierEnd(deps, userId, read.connection, nextEndAt);
      continue;
    }
    await saveState(deps, userId, read.connection, read.changes, now, nextEndAt);
    deps.logger.child({ userId, connectionId: read.connection.id }).info('connection synced', { kind: read.changes.kind, written: report.eventsWritten, removed: report.eventsRemoved });
  }
  for (const read of unindexed) await deps.store.connections.update(userId, read.connection.id, { endIndexed: true });
  const reports = reportsOf(reads, new Map(applied.map((a) => [a.read, a.report])));
  return { connections: reports, ...outcome };
}

/** The busy time booking pages read lasts this far ahead of any sync that leaves it unwritten (a calendar unchanged for weeks). */
const BUSY_INDEX_MIN_AHEAD_MS = 30 * DAY_MS;

/**
 * Writes each read connection's busy time (services/busy-index.ts) before its cursor moves: a
 * crash in between re-reads the same changes, and writes the index again, next time. Rapport's
 * own calendar is read from the store directly and needs none.
 */
async function refreshBusyIndexes(
  deps: SyncDeps,
  userId: string,
  settings: UserSettings,
  applied: readonly { read: { connection: Connection; changes: CalendarChanges; unread?: true }; current: CalendarEvent[] }[],
  window: TimeWindow,
  now: string,
): Promise<void> {
  const read = applied.filter(({ read }) => !read.unread && read.connection.kind !== 'rapport');
  if (read.length === 0) return;
  // A changed calendar always rewrites its index; only unchanged ones need to know theirs.
  const unchanged = read.some(({ read: { changes } }) => changes.kind === 'unchanged');
  const indexes = new Map((unchanged ? await deps.store.busy.list(userId) : []).map((index) => [index.connectionId, index]));
  const mustCover = { from: now, to: new Date(Date.parse(now) + BUSY_INDEX_MIN_AHEAD_MS).toISOString() };
  for (const { read: { connection, changes }, current } of read) {
    const index = indexes.get(connection.id);
    if (changes.kind === 'unchanged' && index && indexCovers(index, mustCover)) continue;
    const readUntil = changes.kind === 'snapshot' ? changes.reading?.readUntil : undefined;
    await deps.store.busy.put(userId, busyIndexOf(connection.id, current, settings.ownerEmails, { from: now, to: window.to }, now, readUntil));
  }
}

async function readConnection(
  deps: SyncDeps,
  userId: string,
  settings: UserSettings,
  connection: Connection,
  window: TimeWindow,
  now: string,
): Promise<ConnectionRead> {
  try {
    const source = await deps.openSource(connection, settings, userId);
    return { connection, changes: await source.readChanges(connection.cursor, window) };
  } catch (error) {
    // The store failing is everyone's problem; anything else is this calendar's.
    if (error instanceof StoreError) throw error;
    // A calendar that cannot be read is this connection's problem only: keep its stored
    // events (they still count) and say what is wrong on the dashboard. An unexpected error
    // (a stack overflow in a pathological file, a bug) is logged whole and shown in words.
    const status = error instanceof NeedsReconnect ? 'needs-reconnect' : 'error';
    const reason = error instanceof CalendarError ? error.message : UNREADABLE_CALENDAR;
    if (needsFailureRecord(connection, { status, reason }, now)) await deps.store.connections.saveSyncState(userId, connection.id, { cursor: connection.cursor, status, lastSyncAt: now, lastError: reason });
    const log = deps.logger.child({ userId, connectionId: connection.id });
    if (error instanceof CalendarError) log.warn('connection sync failed', { status, error: error.message });
    else log.error('connection sync failed unexpectedly', { error });
    return { connection, failed: { connectionId: connection.id, status, eventsWritten: 0, eventsRemoved: 0, error: reason } };
  }
}

function reportOf(read: ConnectionRead): ConnectionSyncReport {
  return 'failed' in read ? read.failed : { connectionId: read.connection.id, status: 'ok', eventsWritten: 0, eventsRemoved: 0 };
}

/** What this sync read, and how that went (`written`: what it wrote); a connection it left unread is not reported as read. */
function reportsOf(reads: readonly ConnectionRead[], written: ReadonlyMap<ConnectionRead, ConnectionSyncReport> = new Map()): ConnectionSyncReport[] {
  return reads.filter((r) => !('unread' in r && r.unread)).map((r) => written.get(r) ?? reportOf(r));
}

/** Unchanged calendars this sync read: their sync time, when it is due for a refresh. */
async function refreshSyncTimes(deps: SyncDeps, userId: string, reads: readonly ConnectionRead[], now: string): Promise<void> {
  for (const read of reads) if (!('failed' in read) && !read.unread && read.changes.kind === 'unchanged' && needsSyncTime(read.connection, now)) await saveState(deps, userId, read.connection, read.changes, now);
}

async function saveState(deps: SyncDeps, userId: string, connection: Connection, changes: CalendarChanges, now: string, nextEndAt?: string | null): Promise<void> {
  // A full read says afresh what it could not take as written; other reads leave it as it was.
  const warnings = changes.kind === 'snapshot' ? (changes.reading?.warnings.length ? changes.reading.warnings : null) : undefined;
  await deps.store.connections.saveSyncState(userId, connection.id, {
    cursor: changes.cursor,
    status: 'ok',
    lastSyncAt: now,
    ...(nextEndAt !== undefined && { nextEndAt }),
    ...(warnings !== undefined && { warnings }),
  });
  await wakeForEarlierEnd(deps, userId, connection, nextEndAt);
}

/**
 * A sync that stored an event ending before the connection's marker said (a notified sync, a
 * meeting added for this afternoon) wakes the sweep for that end: the time the last sweep set
 * counted on the old marker. A marker moving later (the usual case) changes nothing.
 */
async function wakeForEarlierEnd(deps: SyncDeps, userId: string, connection: Connection, nextEndAt: string | null | undefined): Promise<void> {
  if (typeof nextEndAt !== 'string') return;
  if (connection.nextEndAt !== undefined && Date.parse(connection.nextEndAt) <= Date.parse(nextEndAt)) return;
  await deps.store.wake.pull(userId, nextEndAt);
}

/**
 * Inference has run over this connection's events and every one of them is in the end-time
 * index. A connection failing now counts too: a failed read stores nothing, so what is stored
 * is what the last full inference saw (or nothing, if it never read).
 */
function isInferredAndIndexed(connection: Connection): boolean {
  return connection.lastSyncAt !== undefined && connection.endIndexed === true;
}

/**
 * The sweep after an event ended, with no calendar change: infers over the events that ended
 * since the earliest `nextEndAt` (every event that could become a meeting and ended after
 * the last inference ends at or after it), records what they amount to, and moves the
 * markers that ran out to the next end. The same outcome as a full inference, from a few items.
 */
async function inferEnded(
  deps: SyncDeps,
  userId: string,
  settings: UserSettings,
  reads: readonly ConnectionRead[],
  now: string,
): Promise<SyncReport> {
  const markers = reads.map((r) => r.connection.nextEndAt).filter((at): at is string => at !== undefined).sort();
  const ended = markers[0] ? await deps.store.events.endedBetween(userId, markers[0], now) : [];
  const starts = ended.map((e) => Date.parse(e.start));
  const span = { from: new Date(Math.min(...starts)).toISOString(), to: new Date(Math.max(...starts) + 1).toISOString() };
  const { meetingsRecorded, meetingsRetracted, contactsChanged } = ended.length > 0 ? await recordOutcome(deps, userId, settings, ended, span, now) : NOTHING_RECORDED;
  const next = await deps.store.events.nextEndAfter(userId, now);
  for (const read of reads) {
    const { connection } = read;
    const ranOut = connection.nextEndAt !== undefined && Date.parse(connection.nextEndAt) <= Date.parse(now);
    // A failed read has already written its state; only its marker may move.
    if (!('failed' in read) && !read.unread && needsSyncTime(connection, now)) await saveState(deps, userId, connection, read.changes, now, ranOut ? next : undefined);
    else if (ranOut) await deps.store.connections.update(userId, connection.id, { nextEndAt: next ?? undefined });
  }
  return { connections: reportsOf(reads), meetingsRecorded, meetingsRetracted, contactsChanged };
}

const NOTHING_RECORDED = { meetingsRecorded: 0, meetingsRetracted: 0, contactsChanged: 0 } as const;

/**
 * Some stored event ended since the last inference, or a connection has never been read: it
 * may now be a meeting. A connection in error is not a reason by itself: inferring again over
 * the events it kept finds what the last inference found, and every sweep of a user with a
 * dead feed would otherwise read all their events and meetings (about 100 read units) again.
 */
function anEventHasEnded(connections: readonly Connection[], now: string): boolean {
  return connections.some((c) => c.lastSyncAt === undefined || (c.nextEndAt !== undefined && Date.parse(c.nextEndAt) <= Date.parse(now)));
}

/**
 * A change to what has not happened yet: written, the busy time of each changed calendar
 * rewritten, and its marker set to the next end of an event someone else is on (whose end a
 * later sweep infers from, through the end-time index). Nothing is inferred or recorded now.
 */
async function applyFutureChanges(
  deps: SyncDeps,
  userId: string,
  settings: UserSettings,
  reads: readonly ConnectionRead[],
  plans: readonly { read: ReadChanges; plan: EventPlan }[],
  window: TimeWindow,
  now: string,
): Promise<SyncReport> {
  for (const { read, plan } of plans) {
    await deps.store.events.putMany(userId, read.connection.id, plan.upserts);
    await deps.store.events.deleteMany(userId, read.connection.id, plan.removals);
  }
  await refreshBusyIndexes(deps, userId, settings, plans.map(({ read, plan }) => ({ read, current: plan.current })), window, now);
  const nowMs = Date.parse(now);
  for (const { read, plan } of plans) {
    // The cursor moves only after the events it covers are stored (a crash re-reads the change).
    await saveState(deps, userId, read.connection, read.changes, now, nextEndOf(plan.current.filter((e) => Date.parse(e.end) > nowMs && mayBecomeMeeting(e))));
    deps.logger.child({ userId, connectionId: read.connection.id }).info('connection synced', { kind: read.changes.kind, written: plan.upserts.length, removed: plan.removals.length });
  }
  await refreshSyncTimes(deps, userId, reads, now);
  const written = new Map(plans.map(({ read, plan }) => [read, { connectionId: read.connection.id, status: 'ok' as const, eventsWritten: plan.upserts.length, eventsRemoved: plan.removals.length }]));
  return { connections: reportsOf(reads, written), ...NOTHING_RECORDED };
}

/** The earliest end among the events (all still to end), or null. */
function nextEndOf(events: readonly CalendarEvent[]): string | null {
  let next = Infinity;
  for (const event of events) next = Math.min(next, Date.parse(event.end));
  return next === Infinity ? null : new Date(next).toISOString();
}
