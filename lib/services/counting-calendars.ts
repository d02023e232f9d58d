import type { Store } from '../core/ports/store.js';
import { CalendarAccountNotFound, NotACalendarOfAccount } from './user-data-errors.js';

/**
 * Which of a provider account's calendars count (for meetings and free/busy). Changing the set
 * makes the next sync a full one (each calendar has its own sync token).
 */

export async function chooseCountingCalendars(store: Pick<Store, 'connections' | 'wake'>, userId: string, connectionId: string, ticked: ReadonlySet<string>, now: string): Promise<void> {
  const connection = await store.connections.get(userId, connectionId);
  if (!connection?.calendars) throw new CalendarAccountNotFound(`No calendar account ${connectionId}`);
  const known = new Set(connection.calendars.map((c) => c.id));
  if ([...ticked].some((id) => !known.has(id))) throw new NotACalendarOfAccount(`Not a calendar of ${connectionId}`);
  await store.connections.update(userId, connectionId, { calendars: connection.calendars.map((c) => ({ ...c, counts: ticked.has(c.id) })) });
  // Another set may need polling (push covers the primary calendar only), and the next sync is a full one: at the next tick.
  await store.wake.pull(userId, now);
}
