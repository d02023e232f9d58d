import type { GoogleConfig } from '../../../runtime/config.js';
import type { UserSettings } from '../../../core/domain/settings.js';
import type { ConnectionSecrets } from '../../secrets/connection-secrets.js';
import type { Connection } from '../../../core/ports/connections.js';
import type { CalendarSource, CalendarWriter } from '../../../core/ports/calendar.js';
import { openConnectionAuth } from './auth.js';
import { readGoogleBusy } from './busy.js';
import { readGoogleChanges } from './changes.js';
import { createGoogleCalendarClient, type GoogleCalendarClient, type GoogleClientOptions } from './client.js';
import { createGoogleWriter } from './write.js';

/**
 * The Google Calendar adapter: the calendar port over the official client, composed from
 * auth (tokens), client (SDK + retries), changes/busy (reading) and write (holds, coffees).
 */

/** Holds and coffees go to the account's own calendar. */
export const PRIMARY_CALENDAR = 'primary';

export interface GoogleCalendarOptions {
  client: GoogleCalendarClient;
  /** Ids of the calendars that count; the primary calendar when the connection names none. */
  calendarIds: readonly string[];
  fallbackTimeZone: string;
  pageSize?: number;
}

export function createGoogleCalendar(options: GoogleCalendarOptions): CalendarSource & CalendarWriter {
  const { client, calendarIds } = options;
  return {
    readChanges: (cursor, window) => readGoogleChanges({ client, calendarIds, fallbackTimeZone: options.fallbackTimeZone, ...(options.pageSize ? { pageSize: options.pageSize } : {}) }, cursor, window),
    readBusy: (window) => readGoogleBusy({ client, calendarIds, holdCalendarId: PRIMARY_CALENDAR }, window),
    ...createGoogleWriter({ client, calendarId: PRIMARY_CALENDAR }),
  };
}

/** The calendars of a connection that count; `primary` by default (and when none is ticked). */
export function countingCalendarIds(connection: Pick<Connection, 'calendars'>): string[] {
  const ticked = (connection.calendars ?? []).filter((c) => c.counts).map((c) => (c.primary ? PRIMARY_CALENDAR : c.id));
  return ticked.length > 0 ? [...new Set(ticked)] : [PRIMARY_CALENDAR];
}

export interface OpenGoogleCalendarOptions {
  config: GoogleConfig;
  secrets: ConnectionSecrets;
  userId: string;
  connection: Connection;
  settings: Pick<UserSettings, 'timeZone'>;
  /** Retry policy, sleep, clock for tests; the API root and auth come from config and the stored grant. */
  client?: Omit<GoogleClientOptions, 'apiRoot' | 'auth'>;
}

export async function openGoogleCalendar(options: OpenGoogleCalendarOptions): Promise<CalendarSource & CalendarWriter> {
  const auth = await openConnectionAuth({ config: options.config, secrets: options.secrets, userId: options.userId, connectionId: options.connection.id });
  const client = createGoogleCalendarClient({ ...options.client, apiRoot: options.config.apiRoot, auth });
  return createGoogleCalendar({ client, calendarIds: countingCalendarIds(options.connection), fallbackTimeZone: options.settings.timeZone });
}
