import type { UserSettings } from '../domain/settings.js';
import type { Connection } from '../store/model.js';
import type { CalendarSource } from './port.js';

/**
 * Opens the calendar behind a connection. Adapters are imported when a connection of their
 * kind is first synced, so a function never pays the cold-start cost of a provider SDK its
 * users do not use.
 */
export async function openCalendarSource(connection: Connection, settings: UserSettings): Promise<CalendarSource> {
  switch (connection.kind) {
    case 'ics': {
      const { createIcsSource } = await import('./ics/adapter.js');
      return createIcsSource({ source: connection.source ?? '', floatingTimeZone: settings.timeZone, ownerEmails: settings.ownerEmails });
    }
    default:
      throw new Error(`No calendar adapter for connection kind ${connection.kind}`);
  }
}
