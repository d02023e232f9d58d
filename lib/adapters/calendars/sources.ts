import type { Config } from '../../runtime/config.js';
import type { UserSettings } from '../../core/domain/settings.js';
import type { ConnectionSecrets } from '../secrets/connection-secrets.js';
import type { Connection } from '../../core/ports/connections.js';
import type { Store } from '../../core/ports/store.js';
import { CalendarError, type CalendarSource, type CalendarWriter } from '../../core/ports/calendar.js';
import type { ConnectionRecords } from './microsoft/adapter.js';
import type { InvitationOutbox } from './rapport/outbox.js';
import type { Mailer } from '../../core/ports/mail.js';

/**
 * Opens the calendar behind a connection. Adapters are imported when a connection of their
 * kind is first synced, so a function never pays the cold-start cost of a provider SDK its
 * users do not use.
 */

/** What calendars stored by Rapport itself need: the store, whose calendar, and a clock. */
export interface CalendarContext {
  store: Store;
  userId: string;
  now: () => string;
  /** Where Rapport's own calendar sends invitations; without one, they go as mail through `mailer`. */
  outbox?: InvitationOutbox;
  /** Delivers Rapport's own calendar's invitations as iMIP mail. */
  mailer?: Mailer;
  /** Provider settings (client ids, API roots) for the Google and Microsoft adapters. */
  config?: Config;
  /** Sealed tokens of provider connections, opened on first use. */
  secrets?: () => ConnectionSecrets;
}

/** The connection's kind has no writing adapter (yet): holds cannot go there. */
export class CalendarNotWritable extends CalendarError {
  override name = 'CalendarNotWritable';
}

/**
 * Each adapter's modules, loaded with the first connection of its kind and kept: every booking
 * page opens a calendar, and a repeated `import()` still costs a trip through the module loader.
 */
let icsModules: Promise<[typeof import('./ics/adapter.js'), typeof import('./ics/address-guard.js')]> | undefined;
let rapportModules: Promise<[typeof import('./rapport/adapter.js'), typeof import('./rapport/mail-outbox.js')]> | undefined;
let microsoftModule: Promise<typeof import('./microsoft/adapter.js')> | undefined;
let googleModule: Promise<typeof import('./google/adapter.js')> | undefined;

export async function openCalendarSource(connection: Connection, settings: UserSettings, context?: CalendarContext): Promise<CalendarSource> {
  if (connection.kind === 'ics') {
    const [{ createIcsSource }, { assertPublicHost }] = await (icsModules ??= Promise.all([import('./ics/adapter.js'), import('./ics/address-guard.js')]));
    const checkUrl = context?.config?.privateFeeds ? undefined : (url: URL) => assertPublicHost(url);
    return createIcsSource({ source: connection.source ?? '', floatingTimeZone: settings.timeZone, ownerEmails: settings.ownerEmails, ...(checkUrl ? { checkUrl } : {}) });
  }
  const calendar = await openWritableCalendar(connection, settings, context);
  if (!calendar) throw new Error(`No calendar adapter for connection kind ${connection.kind}`);
  return calendar;
}

export async function openCalendarWriter(connection: Connection, settings: UserSettings, context?: CalendarContext): Promise<CalendarWriter> {
  const calendar = await openWritableCalendar(connection, settings, context);
  if (!calendar) throw new CalendarNotWritable(`Rapport cannot write to this calendar yet (${connection.kind}: ${connection.label}).`);
  return calendar;
}

/** The calendars Rapport both reads and writes; undefined for any other kind. */
async function openWritableCalendar(connection: Connection, settings: UserSettings, context: CalendarContext | undefined): Promise<(CalendarSource & CalendarWriter) | undefined> {
  switch (connection.kind) {
    case 'rapport':
      return openRapportCalendar(settings, context);
    case 'microsoft':
      return openMicrosoftCalendar(connection, context);
    case 'google':
      return openGoogle(connection, settings, context);
    default:
      return undefined;
  }
}

/** The provider's client id/secret or the token sealing key is missing: the connection cannot be read here. */
export class CalendarNotConfigured extends CalendarError {
  override name = 'CalendarNotConfigured';
}

async function openRapportCalendar(settings: UserSettings, context: CalendarContext | undefined) {
  if (!context) throw new Error("Rapport's own calendar needs the store and the user id to open");
  const [{ createRapportCalendar }, { createMailOutbox }] = await (rapportModules ??= Promise.all([import('./rapport/adapter.js'), import('./rapport/mail-outbox.js')]));
  const owner = settings.ownerEmails[0];
  if (!owner) throw new Error('the user has no email address to organise coffees with');
  const mailer = context.mailer;
  const outbox = context.outbox ?? (mailer ? createMailOutbox({ mailer, userId: context.userId, timeZone: settings.timeZone }) : undefined);
  return createRapportCalendar({ ...context, ...(outbox ? { outbox } : {}), owner: { email: owner } });
}

async function openMicrosoftCalendar(connection: Connection, context: CalendarContext | undefined) {
  const microsoft = context?.config?.microsoft;
  if (!context?.secrets || !microsoft) throw new CalendarNotConfigured('Outlook is not configured here (RAPPORT_MICROSOFT_CLIENT_ID / _SECRET).');
  const { createMicrosoftCalendar } = await (microsoftModule ??= import('./microsoft/adapter.js'));
  return createMicrosoftCalendar({
    config: microsoft,
    secrets: context.secrets(),
    records: storedConnectionRecords(context.store),
    userId: context.userId,
    connectionId: connection.id,
    ...(connection.account ? { account: connection.account } : {}),
  });
}

/** What the Outlook adapter needs to know of a connection beyond Graph's answers, read from the store. */
export function storedConnectionRecords(store: Pick<Store, 'events' | 'proposals'>): ConnectionRecords {
  return {
    async storedInstanceKeys(userId, connectionId) {
      return (await store.events.listByConnection(userId, connectionId)).map((event) => event.instanceKey);
    },
    async offeredSlots(userId, connectionId) {
      // A pending proposal may already have some of its holds on the calendar.
      const live = (await store.proposals.list(userId)).filter((p) => p.calendarId === connectionId && (p.status === 'open' || p.status === 'pending'));
      return live.flatMap((proposal) => proposal.slots.map((slot) => ({ start: slot.start, end: slot.end, proposalId: proposal.id })));
    },
  };
}

async function openGoogle(connection: Connection, settings: UserSettings, context: CalendarContext | undefined) {
  const config = context?.config?.google;
  if (!context?.secrets || !config) throw new CalendarNotConfigured('Google Calendar is not configured here (RAPPORT_GOOGLE_CLIENT_ID / SECRET, token sealing).');
  // Throws TokenSealingNotConfigured (a calendar error) when no sealing key is set.
  const secrets = context.secrets();
  const { openGoogleCalendar } = await (googleModule ??= import('./google/adapter.js'));
  return openGoogleCalendar({ config, secrets, userId: context.userId, connection, settings });
}
