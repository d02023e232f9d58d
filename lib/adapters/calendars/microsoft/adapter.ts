import type { MicrosoftConfig } from '../../../runtime/config.js';
import type { ConnectionSecrets } from '../../secrets/connection-secrets.js';
import type { CalendarSource, CalendarWriter } from '../../../core/ports/calendar.js';
import { connectionTokens, type AccessTokenSource } from './auth.js';
import { readMicrosoftBusy, type OfferedSlot } from './busy.js';
import { readMicrosoftChanges } from './changes.js';
import { createGraphClient, type ThrottlingOptions } from './client.js';
import { createMicrosoftWriter } from './write.js';

/**
 * The Outlook / Microsoft 365 adapter: the calendar port over Microsoft Graph, composed from
 * auth (MSAL tokens), client (Graph client + throttling), changes (calendarView/delta), busy
 * (getSchedule) and write (holds, coffees, with transactionIds).
 */

/**
 * What Rapport stored about a connection that Graph's answers leave out. Passed in by the
 * composition (sources.ts reads it from the store), so the adapter never reads the store itself.
 */
export interface ConnectionRecords {
  /** Instance keys of the events sync stored for the connection: a delta removal names only Graph's id. */
  storedInstanceKeys(userId: string, connectionId: string): Promise<string[]>;
  /** Slots offered on the connection's calendar by proposals still open: getSchedule names no hold. */
  offeredSlots(userId: string, connectionId: string): Promise<OfferedSlot[]>;
}

export interface MicrosoftCalendarOptions extends ThrottlingOptions {
  config: MicrosoftConfig;
  secrets: ConnectionSecrets;
  records: ConnectionRecords;
  userId: string;
  connectionId: string;
  /** The mailbox's address when known (saved on the connection at connect time). */
  account?: string;
  /** Tests may hand in a token source; by default MSAL with the sealed cache. */
  tokens?: AccessTokenSource;
  /** Largest delta page asked for (`Prefer: odata.maxpagesize`); tests use small pages. */
  pageSize?: number;
}

export function createMicrosoftCalendar(options: MicrosoftCalendarOptions): CalendarSource & CalendarWriter {
  const { userId, connectionId, records } = options;
  const client = createGraphClient({
    graphRoot: options.config.graphRoot,
    tokens: options.tokens ?? connectionTokens(options.config, options.secrets, userId, connectionId),
    mailboxKey: `${userId}/${connectionId}`,
    ...(options.sleep ? { sleep: options.sleep } : {}),
    ...(options.random ? { random: options.random } : {}),
  });
  return {
    readChanges: (cursor, window) =>
      readMicrosoftChanges(
        { client, storedInstanceKeys: () => records.storedInstanceKeys(userId, connectionId), ...(options.pageSize !== undefined ? { pageSize: options.pageSize } : {}) },
        cursor,
        window,
      ),
    readBusy: (window) =>
      readMicrosoftBusy({ client, offeredSlots: () => records.offeredSlots(userId, connectionId), ...(options.account !== undefined ? { account: options.account } : {}) }, window),
    ...createMicrosoftWriter({ client }),
  };
}
