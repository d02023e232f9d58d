import { createHash } from 'node:crypto';
import { CalendarError, MalformedCalendar } from '../core/ports/calendar.js';
import type { UploadedCalendars } from '../core/ports/calendar-files.js';
import type { Connection } from '../core/ports/connections.js';
import { AlreadyExists } from '../core/ports/store-errors.js';
import type { UserSettings } from '../core/domain/settings.js';
import { CalendarUploadUnavailable, IcsCalendarRefused, type IcsRefusal } from './connect-errors.js';
import { loadSettings } from './profile.js';
import { syncUser, type SyncDeps } from './sync.js';

/**
 * Connecting an ICS calendar, the one path for `rapport import-ics` and the dashboard's
 * Calendars section: the calendar is read once (through the same adapter, SSRF guard and size
 * limit as every later sync), and only a calendar that reads is connected; then it is synced.
 */

/** A published address (or, from the CLI, a file), or the bytes of an uploaded file. */
export type IcsCalendar = { kind: 'address'; location: string; label: string } | { kind: 'upload'; bytes: Uint8Array; label: string };

export interface IcsConnectDeps extends SyncDeps {
  /** Where uploads are kept; absent where there is no such place (the cloud app). */
  uploads?: UploadedCalendars;
}

export interface IcsConnected {
  connectionId: string;
  /** The same address (or the same file's bytes) was connected before: it was synced, nothing added. */
  alreadyConnected: boolean;
  eventsStored: number;
  meetingsRecorded: number;
}

/** Derived from where the calendar is read, so connecting the same calendar twice finds the one connection. */
export function icsConnectionId(source: string): string {
  return `ics-${createHash('sha256').update(source).digest('hex').slice(0, 16)}`;
}

export async function connectIcsCalendar(deps: IcsConnectDeps, userId: string, calendar: IcsCalendar, now: string): Promise<IcsConnected> {
  const settings = await loadSettings(deps.store, userId);
  const source = await sourceOf(deps, userId, calendar);
  const connectionId = icsConnectionId(source);
  const alreadyConnected = (await deps.store.connections.get(userId, connectionId)) !== null;
  if (!alreadyConnected) {
    const connection: Connection = { id: connectionId, kind: 'ics', label: calendar.label, source, cursor: null, status: 'ok', createdAt: now };
    try {
      await readOnce(deps, connection, settings, userId, now);
    } catch (error) {
      if (calendar.kind === 'upload') await deps.uploads?.discard(source);
      throw error;
    }
    await deps.store.connections.create(userId, connection).catch((error: unknown) => {
      // Added twice at once (two clicks): the other request made the same connection.
      if (!(error instanceof AlreadyExists)) throw error;
    });
  }
  const report = await syncUser(deps, userId, now, { connectionId });
  return { connectionId, alreadyConnected, eventsStored: report.connections[0]?.eventsWritten ?? 0, meetingsRecorded: report.meetingsRecorded };
}

async function sourceOf(deps: IcsConnectDeps, userId: string, calendar: IcsCalendar): Promise<string> {
  if (calendar.kind === 'address') return calendar.location;
  if (!deps.uploads) throw new CalendarUploadUnavailable();
  return deps.uploads.keep(userId, calendar.bytes);
}

/** Reads the calendar as a sync would; a failure becomes the refusal the person is shown. */
async function readOnce(deps: IcsConnectDeps, connection: Connection, settings: UserSettings, userId: string, now: string): Promise<void> {
  try {
    const calendar = await deps.openSource(connection, settings, userId);
    await calendar.readChanges(null, { from: now, to: now });
  } catch (error) {
    if (!(error instanceof CalendarError)) throw error;
    throw new IcsCalendarRefused(refusalOf(error), `This calendar was not added: ${error.message}`, { cause: error });
  }
}

/**
 * The ICS adapter's own error classes (FeedAddressRefused, FeedTooLarge) are told apart by
 * name: services speak to ports, never import an adapter, and both are CalendarUnavailable there.
 */
function refusalOf(error: CalendarError): IcsRefusal {
  if (error instanceof MalformedCalendar) return 'not-a-calendar';
  if (error.name === 'FeedAddressRefused') return 'private-address';
  if (error.name === 'FeedTooLarge') return 'too-large';
  return 'unreachable';
}
