import type { ReadOptions } from './store.js';
/**
 * A user's calendar connections as the store keeps them: what each one is, its sync state and
 * push channel, and the repositories that keep them, their sealed secrets and push routes.
 */

/** `rapport`: Rapport's own local calendar, where holds and coffees go when no writable provider is connected. */
export type ConnectionKind = 'ics' | 'google' | 'microsoft' | 'rapport';
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
  /** What the last full read could not take as written (skipped rules, a series cut short), in words. */
  warnings?: string[];
  createdAt: string;
  /**
   * The earliest end, after the last sync, of this calendar's stored events: until then a sync
   * that finds no calendar change has nothing to infer (see services/sync.ts).
   */
  nextEndAt?: string;
  /**
   * Every stored event of this connection carries its end-time index keys (adapters/store/keys.ts),
   * so a sweep may infer from the index alone; absent on connections synced before it existed.
   */
  endIndexed?: boolean;
  /** Google / Microsoft: the account's address, shown on the dashboard. */
  account?: string;
  /** Google / Microsoft: the account's calendars and which of them count (primary by default). */
  calendars?: ConnectionCalendar[];
  /** The provider's push channel (Google) or subscription (Graph) feeding this connection, if any. */
  push?: PushState;
  /** Google: when the stored refresh token was issued (the last connect); a client in testing mode loses it 7 days later. */
  grantedAt?: string;
}

export interface ConnectionCalendar {
  id: string;
  label: string;
  /** Read for meetings and free/busy. */
  counts: boolean;
  primary?: boolean;
}

export interface PushState {
  /** Google channel id or Graph subscription id. */
  id: string;
  /** Google's resource id (needed to stop a channel). */
  resourceId?: string;
  expiresAt: string;
}

/** Fields a provider adapter or the dashboard may change on an existing connection. */
export type ConnectionPatch = Partial<Pick<Connection, 'label' | 'status' | 'lastError' | 'account' | 'calendars' | 'push' | 'cursor' | 'nextEndAt' | 'endIndexed' | 'grantedAt' | 'lastSyncAt'>>;

/** Where a provider's push notification for a channel or subscription id goes. */
export interface PushRoute {
  provider: 'google' | 'microsoft';
  userId: string;
  connectionId: string;
  expiresAt: string;
}

export interface SyncStateUpdate {
  cursor: string | null;
  status: ConnectionStatus;
  lastSyncAt: string;
  lastError?: string;
  /** Omitted: left as stored; null: removed. */
  nextEndAt?: string | null;
  /** Omitted: left as stored (a read that was not a full one); null: removed. */
  warnings?: string[] | null;
}

export interface ConnectionRepository {
  list(userId: string, options?: ReadOptions): Promise<Connection[]>;
  get(userId: string, connectionId: string): Promise<Connection | null>;
  /** Creates the connection; fails with `AlreadyExists` if one with that id is there. */
  create(userId: string, connection: Connection): Promise<void>;
  saveSyncState(userId: string, connectionId: string, state: SyncStateUpdate): Promise<void>;
  /** Sets the given fields (an `undefined` value removes the field); NotFound when there is no such connection. */
  update(userId: string, connectionId: string, patch: ConnectionPatch): Promise<void>;
}

/**
 * Secrets of a connection (refresh token, MSAL cache), sealed by lib/secrets before they get
 * here: the store only ever sees ciphertext. Kept apart from the connection item so listing
 * connections never reads them.
 */
export interface CredentialRepository {
  get(userId: string, connectionId: string): Promise<string | null>;
  put(userId: string, connectionId: string, sealed: string): Promise<void>;
  /** Writes `sealed` only if the stored value is still `expected`; false when it is not (someone saved a newer secret). */
  replace(userId: string, connectionId: string, expected: string, sealed: string): Promise<boolean>;
  delete(userId: string, connectionId: string): Promise<void>;
}

/**
 * Branch keys (lib/adapters/secrets/branch-keys.ts), stored only wrapped by the master key: one
 * per month, created once by whoever seals first.
 */
export interface BranchKeyRepository {
  get(branchId: string): Promise<Buffer | null>;
  /** Stores the wrapped key unless the branch exists; false when another writer created it first. */
  create(branchId: string, wrapped: Buffer): Promise<boolean>;
}

/** Push channel / subscription id → whose connection it feeds: a webhook arrives with only the id. */
export interface PushRouteRepository {
  get(provider: PushRoute['provider'], channelId: string): Promise<PushRoute | null>;
  put(channelId: string, route: PushRoute): Promise<void>;
  delete(provider: PushRoute['provider'], channelId: string): Promise<void>;
}
