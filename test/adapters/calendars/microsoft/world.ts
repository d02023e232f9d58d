import { randomBytes } from 'node:crypto';
import type { MicrosoftConfig } from '../../../../lib/runtime/config.js';
import type { MicrosoftPushDeps } from '../../../../lib/adapters/calendars/microsoft/push.js';
import { beginSignIn, completeSignIn } from '../../../../lib/adapters/calendars/microsoft/sign-in.js';
import { createConnectionSecrets, type ConnectionSecrets } from '../../../../lib/adapters/secrets/connection-secrets.js';
import { createSecretBox, localKeyWrapper } from '../../../../lib/adapters/secrets/envelope.js';
import type { UserSettings } from '../../../../lib/core/domain/settings.js';
import type { Store } from '../../../../lib/core/ports/store.js';
import { setRuntime } from '../../../../lib/runtime/runtime.js';
import { startGraphServer, graphTime, type GraphEvent, type GraphServer } from '../../../../lib/local/graph-fake/server.js';
import { startTestApp, type TestApp } from '../../../support/app-server.js';
import { freshTable, uniqueUserId } from '../../../support/dynamo.js';
import { testCertificate } from '../../../support/test-tls.js';

/**
 * A Microsoft tenant on the local wire-format server, and helpers to connect a mailbox the way
 * the OAuth callback does: the real MSAL runs the authorization-code flow with PKCE against
 * the server's /authorize and /token, and the token cache is sealed in the table.
 */

export const CLIENT_ID = '3f6c1d2e-0000-4000-8000-00000000c0de';
export const CLIENT_SECRET = `secret-${randomBytes(12).toString('hex')}`;
export const REDIRECT_URI = 'http://127.0.0.1:3000/oauth/microsoft/callback';

/** The variables that point Rapport (the HTTP stack under test) at the local Graph server. */
export function microsoftEnvironment(server: GraphServer): Record<string, string> {
  return {
    RAPPORT_TOKEN_KEY: randomBytes(32).toString('hex'),
    RAPPORT_MICROSOFT_CLIENT_ID: CLIENT_ID,
    RAPPORT_MICROSOFT_CLIENT_SECRET: CLIENT_SECRET,
    RAPPORT_MICROSOFT_AUTHORITY_HOST: server.url,
    RAPPORT_GRAPH_ROOT: server.graphRoot,
  };
}

export interface MicrosoftWorld {
  server: GraphServer;
  config: MicrosoftConfig;
  secrets: ConnectionSecrets;
  /** Signs `email` in through MSAL and stores the sealed cache under (userId, connectionId). */
  connect(userId: string, connectionId: string, email: string): Promise<void>;
  /** A new user whose mailbox `email` is on the server and signed in under `connectionId` (the connection record is the test's). */
  connectNewUser(email: string, connectionId?: string): Promise<string>;
  close(): Promise<void>;
}

export async function startMicrosoftWorld(store: Store, options: { latencyMs?: number } = {}): Promise<MicrosoftWorld> {
  const server = await startGraphServer({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, tls: testCertificate(), ...options });
  const config: MicrosoftConfig = { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, tenant: 'common', authorityHost: server.url, graphRoot: server.graphRoot };
  const secrets = createConnectionSecrets(store.credentials, createSecretBox(localKeyWrapper(randomBytes(32))));
  return {
    server,
    config,
    secrets,
    connect: (userId, connectionId, email) => signIn(server, config, secrets, userId, connectionId, email),
    async connectNewUser(email, connectionId = 'outlook') {
      const userId = uniqueUserId();
      server.addMailbox(email);
      await signIn(server, config, secrets, userId, connectionId, email);
      return userId;
    },
    close: () => server.close(),
  };
}

/** The set-up of an Outlook adapter test file: a fresh table, and a Microsoft world on it. */
export async function startMicrosoftWorldOnFreshTable(options: { latencyMs?: number } = {}): Promise<{ store: Store; world: MicrosoftWorld }> {
  const { store } = await freshTable();
  return { store, world: await startMicrosoftWorld(store, options) };
}

/** The real HTTP stack (see app-server.ts) configured for Microsoft against the local server; `close` also clears the variables. */
export interface MicrosoftApp {
  server: GraphServer;
  app: TestApp;
  /** Connects the app's user to the mailbox `email` as the OAuth callback does: the connection created, the sign-in sealed. */
  connect(email: string, options?: { connectionId?: string; name?: string }): Promise<void>;
  /** What push needs, from the app's runtime, on the real clock: the server checks subscription expiries against it. */
  pushDeps(): MicrosoftPushDeps;
  close(): Promise<void>;
}

export async function startMicrosoftApp(options: {
  now: string;
  settings?: UserSettings;
  /** Graph must reach this server to validate and post to webhooks, whose address is built from the base URL. */
  webhooks?: boolean;
}): Promise<MicrosoftApp> {
  const server = await startGraphServer({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, tls: testCertificate() });
  const environment = microsoftEnvironment(server);
  Object.assign(process.env, environment);
  const app = await startTestApp({ now: options.now, ...(options.settings ? { settings: options.settings } : {}) });
  if (options.webhooks) {
    app.runtime = { ...app.runtime, config: { ...app.runtime.config, baseUrl: app.url } };
    setRuntime(app.runtime);
  }
  return {
    server,
    app,
    async connect(email, { connectionId = 'outlook', name } = {}) {
      server.addMailbox(email, name);
      await app.runtime.store.connections.create(app.userId, { id: connectionId, kind: 'microsoft', label: 'Outlook', account: email, cursor: null, status: 'ok', createdAt: options.now });
      await signIn(server, app.runtime.config.microsoft as MicrosoftConfig, app.runtime.secrets(), app.userId, connectionId, email);
    },
    pushDeps: () => ({
      config: app.runtime.config.microsoft!,
      secrets: app.runtime.secrets(),
      store: app.runtime.store,
      signingKey: app.runtime.config.signingKey!,
      baseUrl: app.url,
      now: () => new Date().toISOString(),
    }),
    async close() {
      await app.close();
      await server.close();
      for (const name of Object.keys(environment)) delete process.env[name];
    },
  };
}

/** The connect flow without the web layer: MSAL's auth-code URL, the consent redirect, the code exchange. */
export async function signIn(server: GraphServer, config: MicrosoftConfig, secrets: ConnectionSecrets, userId: string, connectionId: string, email: string): Promise<void> {
  server.signInAs(email);
  const state = randomBytes(8).toString('hex');
  const { url, verifier } = await beginSignIn(config, REDIRECT_URI, state);
  const consent = await fetch(url, { redirect: 'manual' });
  const location = new URL(consent.headers.get('location') ?? '');
  if (location.searchParams.get('state') !== state) throw new Error('state not echoed');
  const signedIn = await completeSignIn(config, { code: location.searchParams.get('code') ?? '', verifier, redirectUri: REDIRECT_URI });
  await secrets.save(userId, connectionId, signedIn.serializedCache);
}

let counter = 0;

/** A Graph event as Outlook returns it, times in UTC. */
export function graphEvent(start: string, minutes: number, fields: Partial<GraphEvent> = {}): GraphEvent {
  counter += 1;
  return {
    id: `AAMkTEST${counter}`,
    iCalUId: `040000008200E00074C5B7101A82E0080000TEST${counter}`,
    subject: `Event ${counter}`,
    start: { dateTime: graphTime(start), timeZone: 'UTC' },
    end: { dateTime: graphTime(new Date(Date.parse(start) + minutes * 60_000).toISOString()), timeZone: 'UTC' },
    isAllDay: false,
    isCancelled: false,
    showAs: 'busy',
    type: 'singleInstance',
    responseStatus: { response: 'organizer' },
    organizer: { emailAddress: { address: 'alex@northwind.example', name: 'Alex' } },
    attendees: [],
    ...fields,
  };
}

/** A small meeting between the owner and one guest who accepted. */
export function meetingWith(guest: string, start: string, fields: Partial<GraphEvent> = {}): GraphEvent {
  return graphEvent(start, 30, {
    attendees: [
      { type: 'required', status: { response: 'accepted' }, emailAddress: { address: guest, name: guest.split('@')[0] } },
      { type: 'required', status: { response: 'none' }, emailAddress: { address: 'alex@northwind.example', name: 'Alex' } },
    ],
    ...fields,
  });
}
