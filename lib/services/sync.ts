import { CalendarError, NeedsReconnect, type CalendarSource, type TimeWindow } from '../calendars/port.js';
import type { Contact } from '../domain/contact.js';
import { rebuildContact, recordMeetings } from '../domain/cadence.js';
import type { CalendarEvent } from '../domain/event.js';
import { inferMeetings, meetingsFromVerdicts } from '../domain/inference.js';
import type { UserSettings } from '../domain/settings.js';
import { planEventChanges, planMeetingChanges } from '../domain/sync-plan.js';
import type { Logger } from '../log.js';
import type { Connection, Store } from '../store/model.js';

/**
 * The sync run: for each calendar connection, read what changed since its cursor, store the
 * compact events, then run inference over all of the user's events and record meetings and
 * contacts. Every write is planned against what is stored, so a second run with no calendar
 * change writes nothing but the connections' sync time.
 */

export interface SyncDeps {
  store: Store;
  /** Opens the calendar of `userId` behind a connection (Rapport's own calendar lives in the user's partition). */
  openSource(connection: Connection, settings: UserSettings, userId: string): Promise<CalendarSource>;
  logger: Logger;
}

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
}

export async function syncUser(deps: SyncDeps, userId: string, now: string, options: SyncOptions = {}): Promise<SyncReport> {
  const settings = await deps.store.profiles.get(userId);
  if (!settings) throw new UserNotSetUp(`No settings stored for user ${userId}`);
  const connections = await deps.store.connections.list(userId);
  const window = syncWindow(now);

  const reports: ConnectionSyncReport[] = [];
  const allEvents: CalendarEvent[] = [];
  for (const connection of connections) {
    const stored = await deps.store.events.listByConnection(userId, connection.id);
    if (options.connectionId && options.connectionId !== connection.id) {
      allEvents.push(...stored);
      continue;
    }
    const { report, current } = await syncConnection(deps, userId, settings, connection, stored, window, now);
    reports.push(report);
    allEvents.push(...current);
  }

  const outcome = await recordOutcome(deps, userId, settings, allEvents, window, now);
  return { connections: reports, ...outcome };
}

async function syncConnection(
  deps: SyncDeps,
  userId: string,
  settings: UserSettings,
  connection: Connection,
  stored: CalendarEvent[],
  window: TimeWindow,
  now: string,
): Promise<{ report: ConnectionSyncReport; current: CalendarEvent[] }> {
  const log = deps.logger.child({ userId, connectionId: connection.id });
  try {
    const source = await deps.openSource(connection, settings, userId);
    const changes = await source.readChanges(connection.cursor, window);
    const plan = planEventChanges(stored, changes);
    await deps.store.events.putMany(userId, connection.id, plan.upserts);
    await deps.store.events.deleteMany(userId, connection.id, plan.removals);
    // The cursor is saved only after the events it covers are stored: a crash in between
    // re-reads the same changes next time instead of skipping them.
    await deps.store.connections.saveSyncState(userId, connection.id, { cursor: changes.cursor, status: 'ok', lastSyncAt: now });
    log.info('connection synced', { kind: changes.kind, written: plan.upserts.length, removed: plan.removals.length });
    return {
      report: { connectionId: connection.id, status: 'ok', eventsWritten: plan.upserts.length, eventsRemoved: plan.removals.length },
      current: plan.current,
    };
  } catch (error) {
    if (!(error instanceof CalendarError)) throw error;
    // A calendar that cannot be read is this connection's problem only: keep its stored
    // events (they still count) and say what is wrong on the dashboard.
    const status = error instanceof NeedsReconnect ? 'needs-reconnect' : 'error';
    await deps.store.connections.saveSyncState(userId, connection.id, {
      cursor: connection.cursor,
      status,
      lastSyncAt: now,
      lastError: error.message,
    });
    log.warn('connection sync failed', { status, error: error.message });
    return {
      report: { connectionId: connection.id, status, eventsWritten: 0, eventsRemoved: 0, error: error.message },
      current: stored,
    };
  }
}

async function recordOutcome(
  deps: SyncDeps,
  userId: string,
  settings: UserSettings,
  events: CalendarEvent[],
  window: TimeWindow,
  now: string,
): Promise<Omit<SyncReport, 'connections'>> {
  const verdicts = inferMeetings(events, settings, now);
  const found = meetingsFromVerdicts(verdicts);
  const recorded = await deps.store.meetings.list(userId, { from: window.from, to: window.to });
  const plan = planMeetingChanges(recorded, verdicts, found);
  if (plan.record.length === 0 && plan.retract.length === 0) {
    return { meetingsRecorded: 0, meetingsRetracted: 0, contactsChanged: 0 };
  }
  await deps.store.meetings.deleteMany(userId, plan.retract);
  await deps.store.meetings.putMany(userId, plan.record);

  const contacts = new Map((await deps.store.contacts.list(userId)).map((c) => [c.email, c]));
  // Recording only moves dates forward; a meeting that disappeared or changed (say, small
  // became a networking event) may have been someone's last, so those people are rebuilt
  // from their whole history.
  const rebuild = new Set([...plan.retract, ...plan.replaced].flatMap((m) => m.with));
  const history = rebuild.size > 0 ? await deps.store.meetings.list(userId) : [];
  const derive = (contact: Contact): Contact => {
    const recorded = recordMeetings(new Map([[contact.email, contact]]), plan.record, settings).find((c) => c.email === contact.email) ?? contact;
    return rebuild.has(contact.email) ? rebuildContact(recorded, history.filter((m) => m.with.includes(contact.email)), settings) : recorded;
  };

  const changed = recordMeetings(contacts, plan.record, settings);
  const created = changed.filter((c) => !contacts.has(c.email)).map(derive);
  await deps.store.contacts.putMany(userId, created);
  const existing = new Set([...changed.map((c) => c.email), ...rebuild].filter((email) => contacts.has(email)));
  for (const email of existing) {
    // Derived from the latest stored version under a lock, so a tier or snooze the user set
    // while this sync ran is kept rather than overwritten.
    await deps.store.contacts.modify(userId, email, derive);
  }
  return { meetingsRecorded: plan.record.length, meetingsRetracted: plan.retract.length, contactsChanged: created.length + existing.size };
}
