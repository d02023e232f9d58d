import type { CalendarEvent } from '../domain/event.js';
import type { Contact, Meeting } from '../domain/contact.js';
import type { UserSettings } from '../domain/settings.js';

/**
 * What the store keeps, in the product's words. Key shapes live in lib/store/keys.ts only;
 * callers ask by meaning (`contacts.due(userId, before)`).
 */

export type ConnectionKind = 'ics' | 'google' | 'microsoft';
export type ConnectionStatus = 'ok' | 'error' | 'needs-reconnect';

export interface Connection {
  id: string;
  kind: ConnectionKind;
  /** Human label shown on the dashboard (e.g. the file name or the account email). */
  label: string;
  /** ICS: a file path or an http(s) URL. */
  source?: string;
  /** Provider cursor: ICS ETag/Last-Modified, Google sync token, Graph delta link. */
  cursor: string | null;
  status: ConnectionStatus;
  lastSyncAt?: string;
  /** Human-readable reason for the last failure (never a token or secret). */
  lastError?: string;
  createdAt: string;
}

export interface SyncStateUpdate {
  cursor: string | null;
  status: ConnectionStatus;
  lastSyncAt: string;
  lastError?: string;
}

/** Fields of a contact the user can change on the dashboard or through the API. */
export type ContactPatch = Partial<
  Pick<Contact, 'tier' | 'cadenceDays' | 'snoozedUntil' | 'ignored' | 'followUpDoneAt' | 'nextDueAt'>
>;

export interface ProfileRepository {
  get(userId: string): Promise<UserSettings | null>;
  put(userId: string, settings: UserSettings): Promise<void>;
}

export interface ConnectionRepository {
  list(userId: string): Promise<Connection[]>;
  get(userId: string, connectionId: string): Promise<Connection | null>;
  /** Creates the connection; fails with `AlreadyExists` if one with that id is there. */
  create(userId: string, connection: Connection): Promise<void>;
  saveSyncState(userId: string, connectionId: string, state: SyncStateUpdate): Promise<void>;
}

export interface EventRepository {
  /** Every stored event of one connection. */
  listByConnection(userId: string, connectionId: string): Promise<CalendarEvent[]>;
  /** Upserts in batches of 25, retrying unprocessed items. */
  putMany(userId: string, connectionId: string, events: readonly CalendarEvent[]): Promise<void>;
  deleteMany(userId: string, connectionId: string, instanceKeys: readonly string[]): Promise<void>;
}

export interface MeetingRepository {
  /** Meetings whose start lies in [from, to), oldest first. Both bounds optional. */
  list(userId: string, range?: { from?: string; to?: string }): Promise<Meeting[]>;
  putMany(userId: string, meetings: readonly Meeting[]): Promise<void>;
  deleteMany(userId: string, meetings: readonly Pick<Meeting, 'start' | 'instanceKey'>[]): Promise<void>;
}

export interface ContactRepository {
  get(userId: string, email: string): Promise<Contact | null>;
  list(userId: string): Promise<Contact[]>;
  /** Upserts whole contacts in batches of 25 (sync owns these writes). */
  putMany(userId: string, contacts: readonly Contact[]): Promise<void>;
  /**
   * Changes an existing contact; fails with `NotFound` when there is none (never creates a
   * half-filled contact). Returns the contact as stored after the change.
   */
  update(userId: string, email: string, patch: ContactPatch): Promise<Contact>;
  /**
   * Applies `change` to the latest stored contact under an optimistic lock, retrying on a
   * concurrent write; `NotFound` when absent. An unchanged result writes nothing.
   */
  modify(userId: string, email: string, change: (current: Contact) => Contact): Promise<Contact>;
  /** Tracked contacts due before `before`, most overdue first, through the sparse due index. */
  due(userId: string, before: string, limit?: number): Promise<Contact[]>;
}

export interface Store {
  profiles: ProfileRepository;
  connections: ConnectionRepository;
  events: EventRepository;
  meetings: MeetingRepository;
  contacts: ContactRepository;
}

export class StoreError extends Error {
  override name = 'StoreError';
}
export class NotFound extends StoreError {
  override name = 'NotFound';
}
export class AlreadyExists extends StoreError {
  override name = 'AlreadyExists';
}
