import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { asDocumentClient } from './client.js';
import { createBookingRepository } from './bookings.js';
import { createBusyIndexRepository } from './busy-index.js';
import { createConnectionRepository } from './connections.js';
import { createContactRepository } from './contacts.js';
import { createBranchKeyRepository, createCredentialRepository, createPushRouteRepository } from './credentials.js';
import { createStoreContext, type ConsumedCapacityListener } from './context.js';
import { toStoreError } from './errors.js';
import { createEventRepository } from './events.js';
import { createIntroRepository } from './introductions.js';
import { createIdentityRepository } from './identities.js';
import { createLocalCalendarRepository } from './local-calendar.js';
import { createMeetingRepository } from './meetings.js';
import type { Store } from '../../core/ports/store.js';
import { createNoteRepository } from './notes.js';
import { createProfileRepository } from './profiles.js';
import { createProposalRepository } from './proposals.js';
import { createScheduleRepository } from './schedule.js';
import { createWakeRepository } from './wake.js';
import { createMailRepository } from './mail.js';
import { createSuppressionRepository } from './suppressions.js';

export interface StoreOptions {
  /** A plain client is wrapped in a document client with the store's marshalling options. */
  client: DynamoDBClient | DynamoDBDocumentClient;
  tableName: string;
  /** Set by the benchmark: every call then asks for and reports its consumed capacity. */
  onConsumedCapacity?: ConsumedCapacityListener;
  /** Told of each request that succeeded (a query once a page), by operation, without asking DynamoDB for anything more (the booking bench counts with it). */
  onOperation?: (op: string) => void;
  /** The clock (the runtime's); defaults to the system clock. */
  now?: () => string;
  /** Told of a sweep wake-up that could not be recorded (the runtime logs it). */
  onPullFailed?: (userId: string, error: unknown) => void;
}

/** The DynamoDB implementation of the store (single table, see keys.ts). */
export function createStore(options: StoreOptions): Store {
  const ctx = createStoreContext(asDocumentClient(options.client), options.tableName, options.onConsumedCapacity, options.now, options.onPullFailed, options.onOperation);
  return {
    profiles: translatingErrors('profiles', createProfileRepository(ctx)),
    connections: translatingErrors('connections', createConnectionRepository(ctx)),
    events: translatingErrors('events', createEventRepository(ctx)),
    meetings: translatingErrors('meetings', createMeetingRepository(ctx)),
    contacts: translatingErrors('contacts', createContactRepository(ctx)),
    proposals: translatingErrors('proposals', createProposalRepository(ctx)),
    bookings: translatingErrors('bookings', createBookingRepository(ctx)),
    localCalendar: translatingErrors('localCalendar', createLocalCalendarRepository(ctx)),
    credentials: translatingErrors('credentials', createCredentialRepository(ctx)),
    branchKeys: translatingErrors('branchKeys', createBranchKeyRepository(ctx)),
    pushRoutes: translatingErrors('pushRoutes', createPushRouteRepository(ctx)),
    notes: translatingErrors('notes', createNoteRepository(ctx)),
    intros: translatingErrors('intros', createIntroRepository(ctx)),
    schedule: translatingErrors('schedule', createScheduleRepository(ctx)),
    wake: translatingErrors('wake', createWakeRepository(ctx)),
    identities: translatingErrors('identities', createIdentityRepository(ctx)),
    busy: translatingErrors('busy', createBusyIndexRepository(ctx)),
    mail: translatingErrors('mail', createMailRepository(ctx)),
    suppressions: translatingErrors('suppressions', createSuppressionRepository(ctx)),
  };
}

/**
 * Wraps each method so callers only ever see StoreError subclasses: an SDK or network error
 * becomes StoreRequestFailed naming the operation, with the SDK error kept as `cause` for logs.
 */
function translatingErrors<T extends object>(name: string, repository: T): T {
  const wrapped: Record<string, unknown> = {};
  for (const [method, fn] of Object.entries(repository)) {
    wrapped[method] = async (...args: unknown[]) => {
      try {
        return await (fn as (...a: unknown[]) => Promise<unknown>)(...args);
      } catch (error) {
        throw toStoreError(`${name}.${method}`, error);
      }
    };
  }
  return wrapped as T;
}

export type { ConsumedUnits, ConsumedCapacityListener } from './context.js';
export { createDynamoDbClient, type DynamoDbClientOptions } from './client.js';
export { BatchWriteIncomplete, ConcurrentUpdate, InvalidKey, StoreRequestFailed } from '../../core/ports/store-errors.js';
export * from '../../core/ports/store.js';
