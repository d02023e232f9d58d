import { randomBytes } from 'node:crypto';
import type { GoogleConfig } from '../../lib/runtime/config.js';
import { createGoogleCalendar, countingCalendarIds } from '../../lib/adapters/calendars/google/adapter.js';
import { openConnectionAuth } from '../../lib/adapters/calendars/google/auth.js';
import { createGoogleCalendarClient, type GoogleClientOptions } from '../../lib/adapters/calendars/google/client.js';
import { startFakeGoogle, type FakeGoogleServer } from '../../lib/local/google-fake/server.js';
import { createConnectionSecrets, type ConnectionSecrets } from '../../lib/adapters/secrets/connection-secrets.js';
import { createSecretBox, localKeyWrapper } from '../../lib/adapters/secrets/envelope.js';
import type { Connection } from '../../lib/core/ports/connections.js';
import type { Store } from '../../lib/core/ports/store.js';
import { startTestApp, type TestApp } from './app-server.js';
import { freshTable, uniqueUserId } from './dynamo.js';

/**
 * A Google world for tests: the local wire-format server, a Google configuration pointing at
 * it, sealed connection secrets on the test's store, and helpers that connect a user the way
 * the OAuth callback does (refresh token sealed, connection created).
 */
export interface GoogleWorld {
  fake: FakeGoogleServer;
  config: GoogleConfig;
  secrets: ConnectionSecrets;
  /** Waits the adapter asked for between retries (ms), in order. */
  sleeps: number[];
  /** Client options for tests: waits recorded instead of slept, a fixed jitter draw. */
  clientOptions: Omit<GoogleClientOptions, 'apiRoot' | 'auth'>;
  connect(userId: string, email: string, options?: { connectionId?: string; calendars?: Connection['calendars']; now: string }): Promise<Connection>;
  /** A new user with `email` connected, the connection created at the world's clock. */
  connectNewUser(email: string, options?: { calendars?: Connection['calendars'] }): Promise<{ userId: string; connection: Connection }>;
  /** Opens the adapter for a stored connection, as sources.ts does, with the test's client options. */
  open(userId: string, connection: Connection): Promise<ReturnType<typeof createGoogleCalendar>>;
  close(): Promise<void>;
}

export const TEST_GOOGLE_CLIENT = { clientId: 'rapport-test.apps.googleusercontent.com', clientSecret: 'GOCSPX-test-client-secret' };

export async function startGoogleWorld(store: Store, options: { now?: () => string } = {}): Promise<GoogleWorld> {
  const fake = await startFakeGoogle({ client: TEST_GOOGLE_CLIENT, ...(options.now ? { now: options.now } : {}) });
  const config: GoogleConfig = { ...TEST_GOOGLE_CLIENT, apiRoot: fake.apiRoot, authUrl: fake.authUrl, tokenUrl: fake.tokenUrl };
  const secrets = createConnectionSecrets(store.credentials, createSecretBox(localKeyWrapper(randomBytes(32))));
  const sleeps: number[] = [];
  const clientOptions = {
    sleep: async (ms: number) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
  };
  const world: GoogleWorld = {
    fake,
    config,
    secrets,
    sleeps,
    clientOptions,
    async connect(userId, email, { connectionId = 'google', calendars, now } = { now: new Date(0).toISOString() }) {
      const refreshToken = fake.addAccount(email);
      const connection: Connection = {
        id: connectionId,
        kind: 'google',
        label: email,
        account: email,
        cursor: null,
        status: 'ok',
        createdAt: now,
        calendars: calendars ?? [{ id: email, label: email, counts: true, primary: true }],
      };
      await store.connections.create(userId, connection);
      await secrets.save(userId, connectionId, refreshToken);
      return connection;
    },
    async connectNewUser(email, { calendars } = {}) {
      const userId = uniqueUserId();
      const connection = await world.connect(userId, email, { now: options.now?.() ?? new Date(0).toISOString(), ...(calendars ? { calendars } : {}) });
      return { userId, connection };
    },
    async open(userId, connection) {
      const auth = await openConnectionAuth({ config, secrets, userId, connectionId: connection.id });
      const client = createGoogleCalendarClient({ ...clientOptions, apiRoot: config.apiRoot, auth });
      return createGoogleCalendar({ client, calendarIds: countingCalendarIds(connection), fallbackTimeZone: 'Europe/London' });
    },
    close: () => fake.close(),
  };
  return world;
}

/** The set-up of a Google adapter test file: a fresh table, and a Google world on it whose clock reads `now`. */
export async function startGoogleWorldOnFreshTable(now: string): Promise<{ store: Store; world: GoogleWorld }> {
  const { store } = await freshTable();
  return { store, world: await startGoogleWorld(store, { now: () => now }) };
}

const GOOGLE_APP_ENVIRONMENT = ['RAPPORT_GOOGLE_CLIENT_ID', 'RAPPORT_GOOGLE_CLIENT_SECRET', 'RAPPORT_GOOGLE_API_ROOT', 'RAPPORT_GOOGLE_AUTH_URL', 'RAPPORT_GOOGLE_TOKEN_URL', 'RAPPORT_TOKEN_KEY'];

/** The real HTTP stack (see app-server.ts) configured for Google against the local fake; `close` also clears the variables. */
export interface GoogleApp {
  fake: FakeGoogleServer;
  app: TestApp;
  close(): Promise<void>;
}

export async function startGoogleApp(options: { now: string }): Promise<GoogleApp> {
  const fake = await startFakeGoogle({ client: TEST_GOOGLE_CLIENT, now: () => options.now });
  Object.assign(process.env, {
    RAPPORT_GOOGLE_CLIENT_ID: TEST_GOOGLE_CLIENT.clientId,
    RAPPORT_GOOGLE_CLIENT_SECRET: TEST_GOOGLE_CLIENT.clientSecret,
    RAPPORT_GOOGLE_API_ROOT: fake.apiRoot,
    RAPPORT_GOOGLE_AUTH_URL: fake.authUrl,
    RAPPORT_GOOGLE_TOKEN_URL: fake.tokenUrl,
    RAPPORT_TOKEN_KEY: randomBytes(32).toString('hex'),
  });
  const app = await startTestApp({ now: options.now });
  return {
    fake,
    app,
    async close() {
      await app.close();
      await fake.close();
      for (const name of GOOGLE_APP_ENVIRONMENT) delete process.env[name];
    },
  };
}

/** A timed Google event (JSON as the API has it) with the given attendees. */
export function googleEvent(id: string, start: string, minutes: number, attendees: { email: string; responseStatus?: string; self?: boolean; resource?: boolean }[] = [], extra: Record<string, unknown> = {}) {
  return {
    id,
    summary: `Event ${id}`,
    start: { dateTime: start, timeZone: 'UTC' },
    end: { dateTime: new Date(Date.parse(start) + minutes * 60_000).toISOString(), timeZone: 'UTC' },
    attendees: attendees.map((a) => ({ responseStatus: 'accepted', ...a })),
    ...extra,
  };
}
