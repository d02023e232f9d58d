import { randomBytes } from 'node:crypto';
import { resetConfig } from '../../lib/runtime/config.js';
import type { Contact } from '../../lib/core/domain/contact.js';
import type { UserSettings } from '../../lib/core/domain/settings.js';
import { loadFunctionHandler, startHttpServer } from '../../lib/local/http-server.js';
import { silentLogger } from '../../lib/runtime/log.js';
import { getRuntime, setRuntime, type Runtime } from '../../lib/runtime/runtime.js';
import { dynamoEndpoint, freshTable } from './dynamo.js';

/**
 * The real HTTP stack for tests: the local server (API Gateway v2 events) in front of the
 * very same handlers Lambda runs, on a fresh table of the shared DynamoDB Local, with the
 * clock fixed so nothing depends on today's date.
 */
export interface TestApp {
  url: string;
  runtime: Runtime;
  userId: string;
  close(): Promise<void>;
}

export const TEST_SETTINGS: UserSettings = {
  ownerEmails: ['alex@northwind.example'],
  timeZone: 'Europe/London',
  tierCadenceDays: { close: 30, 'keep-warm': 90, acquaintance: 180 },
  defaultTier: 'acquaintance',
  tierByEmail: {},
  smallMeetingMaxPeople: 8,
};


export async function startTestApp(options: { now: string; settings?: UserSettings; contacts?: Contact[] }): Promise<TestApp> {
  const { tableName } = await freshTable();
  Object.assign(process.env, {
    RAPPORT_DYNAMODB_ENDPOINT: dynamoEndpoint(),
    RAPPORT_TABLE: tableName,
    RAPPORT_SIGNING_KEY: randomBytes(32).toString('hex'),
    RAPPORT_LOCAL_USER: 'local',
  });
  resetConfig();
  setRuntime(undefined);
  const runtime: Runtime = { ...getRuntime(), logger: silentLogger, now: () => options.now };
  setRuntime(runtime);
  const userId = runtime.config.localUserId;
  await runtime.store.profiles.put(userId, options.settings ?? TEST_SETTINGS);
  if (options.contacts) await runtime.store.contacts.putMany(userId, options.contacts);
  const http = await startHttpServer({ port: 0, host: '127.0.0.1', load: loadFunctionHandler, logger: silentLogger });
  return { url: http.url.replace('localhost', '127.0.0.1'), runtime, userId, close: () => http.close() };
}

/** Loads the dashboard like a browser and returns its CSRF cookie and form token. */
export async function openDashboard(url: string): Promise<{ cookie: string; token: string; html: string }> {
  const response = await fetch(`${url}/app`);
  const html = await response.text();
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0]!;
  const token = /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
  return { cookie, token, html };
}

export function postForm(url: string, fields: Record<string, string>, cookie?: string): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
    body: new URLSearchParams(fields).toString(),
  });
}
