import { randomBytes } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { expect } from 'vitest';
import { openSession, SESSION_COOKIE, type Session } from '../../lib/edge/http/session.js';
import { dynamoDbClientFor } from '../../lib/local/dynamodb-local.js';
import { startFakeGoogle, type FakeGoogleServer } from '../../lib/local/google-fake/server.js';
import { startTestApp, type TestApp } from './app-server.js';
import { dynamoEndpoint } from './dynamo.js';
import { TEST_GOOGLE_CLIENT } from './google.js';
import { startGraphServer, type GraphServer } from '../../lib/local/graph-fake/server.js';
import { testCertificate } from './test-tls.js';

/**
 * Rapport as the cloud runs it (RAPPORT_AUTH=session) on the local HTTP server, with the
 * Google fake and the local Microsoft identity platform to sign in through, and browsers that
 * keep their own cookies, so a test can be two people at once.
 */

const MICROSOFT_CLIENT = { id: '3f6c1d2e-0000-4000-8000-0000005e5510', secret: `secret-${randomBytes(12).toString('hex')}` };

export interface CloudApp {
  app: TestApp;
  google: FakeGoogleServer;
  graph: GraphServer;
  /** A browser with an empty cookie jar. */
  browser(): TestBrowser;
  /** The session the browser's cookie holds (opened with the app's key), or null. */
  sessionOf(browser: TestBrowser): Session | null;
  /** Every item of the table, sorted by key: to prove what a request did or did not write. */
  scan(): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

const ENV_NAMES = [
  'RAPPORT_AUTH',
  'RAPPORT_TOKEN_KEY',
  'RAPPORT_GOOGLE_CLIENT_ID',
  'RAPPORT_GOOGLE_CLIENT_SECRET',
  'RAPPORT_GOOGLE_API_ROOT',
  'RAPPORT_GOOGLE_AUTH_URL',
  'RAPPORT_GOOGLE_TOKEN_URL',
  'RAPPORT_MICROSOFT_CLIENT_ID',
  'RAPPORT_MICROSOFT_CLIENT_SECRET',
  'RAPPORT_MICROSOFT_AUTHORITY_HOST',
  'RAPPORT_GRAPH_ROOT',
];

export async function startCloudApp(options: { now: string; googleAccounts: string[] }): Promise<CloudApp> {
  const google = await startFakeGoogle({ client: TEST_GOOGLE_CLIENT, now: () => options.now });
  for (const email of options.googleAccounts) google.addAccount(email);
  const graph = await startGraphServer({ clientId: MICROSOFT_CLIENT.id, clientSecret: MICROSOFT_CLIENT.secret, tls: testCertificate() });
  Object.assign(process.env, {
    RAPPORT_AUTH: 'session',
    RAPPORT_TOKEN_KEY: randomBytes(32).toString('hex'),
    RAPPORT_GOOGLE_CLIENT_ID: TEST_GOOGLE_CLIENT.clientId,
    RAPPORT_GOOGLE_CLIENT_SECRET: TEST_GOOGLE_CLIENT.clientSecret,
    RAPPORT_GOOGLE_API_ROOT: google.apiRoot,
    RAPPORT_GOOGLE_AUTH_URL: google.authUrl,
    RAPPORT_GOOGLE_TOKEN_URL: google.tokenUrl,
    RAPPORT_MICROSOFT_CLIENT_ID: MICROSOFT_CLIENT.id,
    RAPPORT_MICROSOFT_CLIENT_SECRET: MICROSOFT_CLIENT.secret,
    RAPPORT_MICROSOFT_AUTHORITY_HOST: graph.url,
    RAPPORT_GRAPH_ROOT: graph.graphRoot,
  });
  const app = await startTestApp({ now: options.now });
  const client = dynamoDbClientFor(dynamoEndpoint());
  return {
    app,
    google,
    graph,
    browser: () => new TestBrowser(app.url),
    sessionOf: (browser) => openSession(app.runtime.config.signingKey!, browser.cookie(SESSION_COOKIE), Date.parse(options.now)),
    async scan() {
      const items: Record<string, unknown>[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const page = await client.send(new ScanCommand({ TableName: app.runtime.config.tableName, ConsistentRead: true, ExclusiveStartKey: start }));
        items.push(...(page.Items ?? []));
        start = page.LastEvaluatedKey;
      } while (start);
      return items.sort((a, b) => `${String(a.pk)} ${String(a.sk)}`.localeCompare(`${String(b.pk)} ${String(b.sk)}`));
    },
    async close() {
      await app.close();
      await google.close();
      await graph.close();
      for (const name of ENV_NAMES) delete process.env[name];
    },
  };
}

export interface SendOptions {
  form?: Record<string, string> | [string, string][];
  /** A multipart/form-data form with one file, as a browser sends a file input. */
  multipart?: { fields: Record<string, string>; file: { field: string; name: string; text: string } };
  json?: unknown;
  headers?: Record<string, string>;
}

/**
 * A browser's cookie jar in front of `fetch`: Set-Cookie answers are kept (Max-Age=0 deletes),
 * and every request to the app carries them. Redirects are never followed, so each step of a
 * flow can be checked.
 */
export class TestBrowser {
  private readonly jar = new Map<string, string>();
  constructor(readonly base: string) {}

  cookie(name: string): string | undefined {
    return this.jar.get(name);
  }

  setCookie(name: string, value: string): void {
    this.jar.set(name, value);
  }

  /** Takes in a response's Set-Cookie headers. */
  absorb(response: Response): Response {
    for (const header of response.headers.getSetCookie()) {
      const [pair = ''] = header.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at);
      if (/Max-Age=0(;|$)/.test(header)) this.jar.delete(name);
      else this.jar.set(name, pair.slice(at + 1));
    }
    return response;
  }

  private cookieHeader(): Record<string, string> {
    const pairs = [...this.jar].map(([name, value]) => `${name}=${value}`);
    return pairs.length ? { cookie: pairs.join('; ') } : {};
  }

  /** A request to the app (a path) or, without cookies, to another site (an absolute URL). */
  async send(method: string, target: string, options: SendOptions = {}): Promise<Response> {
    const ours = target.startsWith('/');
    const headers: Record<string, string> = { ...(ours ? this.cookieHeader() : {}), ...options.headers };
    let body: string | FormData | undefined;
    if (options.multipart) {
      // fetch writes the content type with its boundary.
      const form = new FormData();
      for (const [name, value] of Object.entries(options.multipart.fields)) form.set(name, value);
      form.set(options.multipart.file.field, new Blob([options.multipart.file.text], { type: 'text/calendar' }), options.multipart.file.name);
      body = form;
    } else if (options.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(options.form).toString();
    } else if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    }
    const response = await fetch(ours ? `${this.base}${target}` : target, { method, headers, body, redirect: 'manual' });
    return ours ? this.absorb(response) : response;
  }

  get(target: string): Promise<Response> {
    return this.send('GET', target);
  }

  /** Opens the dashboard and returns its CSRF token (the cookie is kept). */
  async dashboardToken(): Promise<{ token: string; html: string }> {
    const response = await this.get('/app');
    const html = await response.text();
    expect(response.status, html).toBe(200);
    return { token: /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? '', html };
  }
}

/** The path and query of an absolute URL on the app (where a provider sends the browser back). */
export function pathOf(url: string): string {
  const parsed = new URL(url);
  return parsed.pathname + parsed.search;
}

/** Google: `/oauth/google/start?signin` → the consent URL (not visited yet). */
export async function startGoogleSignIn(browser: TestBrowser, timeZone?: string): Promise<URL> {
  const response = await browser.get(`/oauth/google/start?signin${timeZone ? `&tz=${encodeURIComponent(timeZone)}` : ''}`);
  expect(response.status).toBe(303);
  return new URL(response.headers.get('location')!);
}

/** Connect (with the browser's session): `/oauth/google/start` → the consent URL. */
export async function startGoogleConnect(browser: TestBrowser): Promise<URL> {
  const response = await browser.get('/oauth/google/start');
  expect(response.status).toBe(303);
  return new URL(response.headers.get('location')!);
}

/** Google's consent page, as `email` (login_hint picks the fake's account): the callback path to go back to. */
export async function consentAsGoogle(consent: URL, email: string): Promise<string> {
  const url = new URL(consent);
  url.searchParams.set('login_hint', email);
  const response = await fetch(url, { redirect: 'manual' });
  expect(response.status).toBe(302);
  return pathOf(response.headers.get('location')!);
}

/** The whole Google sign-in; returns the callback's answer. */
export async function signInWithGoogle(browser: TestBrowser, email: string, timeZone?: string): Promise<Response> {
  const consent = await startGoogleSignIn(browser, timeZone);
  return browser.get(await consentAsGoogle(consent, email));
}

/** The whole Microsoft round trip as `email`, from `start` (`?signin` or a connect); returns the callback's answer. */
export async function throughMicrosoft(cloud: CloudApp, browser: TestBrowser, email: string, start: string): Promise<Response> {
  cloud.graph.signInAs(email);
  const started = await browser.get(start);
  expect(started.status).toBe(302);
  const consent = await fetch(started.headers.get('location')!, { redirect: 'manual' });
  expect(consent.status).toBe(302);
  return browser.get(pathOf(consent.headers.get('location')!));
}
