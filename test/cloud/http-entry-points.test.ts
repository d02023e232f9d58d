import { randomBytes } from 'node:crypto';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeGoogle, type FakeGoogleServer } from '../../lib/local/google-fake/server.js';
import type { FunctionName } from '../../lib/http/routes.js';
import { startTestApp, type TestApp } from '../support/app-server.js';
import { TEST_GOOGLE_CLIENT } from '../support/google.js';
import { startGraphServer, type GraphServer } from '../support/graph-server.js';
import { CLIENT_ID, CLIENT_SECRET } from '../calendars/microsoft/world.js';
import { httpEvent, lambdaContext } from './events.js';

/**
 * Each HTTP entry point invoked the way Lambda invokes it: an API Gateway v2 (payload 2.0)
 * event and a Lambda context, against DynamoDB Local and the local Google and Graph servers.
 * The answers must be HTTP API results (status, headers, cookies, body), never a thrown error.
 */

const NOW = '2026-11-23T12:00:00.000Z';
let app: TestApp;
let google: FakeGoogleServer;
let graph: GraphServer;

beforeAll(async () => {
  google = await startFakeGoogle({ client: TEST_GOOGLE_CLIENT });
  graph = await startGraphServer({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
  Object.assign(process.env, {
    RAPPORT_TOKEN_KEY: randomBytes(32).toString('hex'),
    RAPPORT_GOOGLE_CLIENT_ID: TEST_GOOGLE_CLIENT.clientId,
    RAPPORT_GOOGLE_CLIENT_SECRET: TEST_GOOGLE_CLIENT.clientSecret,
    RAPPORT_GOOGLE_API_ROOT: google.apiRoot,
    RAPPORT_GOOGLE_AUTH_URL: google.authUrl,
    RAPPORT_GOOGLE_TOKEN_URL: google.tokenUrl,
    RAPPORT_MICROSOFT_CLIENT_ID: CLIENT_ID,
    RAPPORT_MICROSOFT_CLIENT_SECRET: CLIENT_SECRET,
    RAPPORT_MICROSOFT_AUTHORITY_HOST: graph.url,
    RAPPORT_GRAPH_ROOT: graph.graphRoot,
  });
  app = await startTestApp({ now: NOW });
});

afterAll(async () => {
  await app?.close();
  await google?.close();
  await graph?.close();
});

async function invoke(fn: FunctionName, event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const module = (await import(`../../functions/${fn}.ts`)) as { handler: (e: APIGatewayProxyEventV2, c: unknown) => Promise<APIGatewayProxyStructuredResultV2> };
  return module.handler(event, lambdaContext(`rapport-${fn}`));
}

const header = (result: APIGatewayProxyStructuredResultV2, name: string) => String(result.headers?.[name] ?? '');

describe('HTTP entry points with API Gateway v2 events', () => {
  it('health answers without touching DynamoDB', async () => {
    const result = await invoke('health', httpEvent('GET', '/healthz'));
    expect(result).toMatchObject({ statusCode: 200 });
    expect(JSON.parse(String(result.body))).toEqual({ status: 'ok' });
  });

  it('app serves the dashboard with its CSRF cookie', async () => {
    const result = await invoke('app', httpEvent('GET', '/app', { routeKey: 'ANY /app' }));
    expect(result.statusCode).toBe(200);
    expect(header(result, 'content-type')).toMatch(/^text\/html/);
    expect(result.cookies?.some((c) => c.startsWith('rapport_csrf='))).toBe(true);
  });

  it('app answers bad JSON on the API with a 400 and a message, not a stack trace', async () => {
    const result = await invoke('app', httpEvent('POST', '/api/contacts/x%40example.com', { routeKey: 'ANY /api/{proxy+}', body: '{not json', headers: { 'content-type': 'application/json' } }));
    expect(result.statusCode).toBeGreaterThanOrEqual(400);
    expect(result.statusCode).toBeLessThan(500);
    expect(String(result.body)).not.toMatch(/at .*\.ts:\d+/);
  });

  it('book answers an unknown link with the guest error page', async () => {
    const result = await invoke('book', httpEvent('GET', '/book/not-a-real-token', { routeKey: 'ANY /book/{proxy+}' }));
    expect(result.statusCode).toBe(404);
    expect(header(result, 'content-type')).toMatch(/^text\/html/);
  });

  it('feed answers an unknown feed address with 404', async () => {
    const result = await invoke('feed', httpEvent('GET', '/ics/nope/suggestions.ics', { routeKey: 'GET /ics/{proxy+}' }));
    expect(result.statusCode).toBe(404);
  });

  it('google-oauth and microsoft-oauth send the browser to the providers with a state cookie', async () => {
    const googleStart = await invoke('google-oauth', httpEvent('GET', '/oauth/google/start'));
    expect([302, 303]).toContain(googleStart.statusCode);
    expect(header(googleStart, 'location').startsWith(google.authUrl)).toBe(true);
    expect(googleStart.cookies?.length).toBeGreaterThan(0);

    const microsoftStart = await invoke('microsoft-oauth', httpEvent('GET', '/oauth/microsoft/start'));
    expect(microsoftStart.statusCode).toBe(302);
    expect(header(microsoftStart, 'location')).toMatch(new RegExp(`^${graph.url}/common/oauth2/v2.0/authorize\\?`));
    expect(header(microsoftStart, 'location')).toContain('code_challenge_method=S256');
  });

  it('google-webhook refuses an unknown channel without syncing', async () => {
    const result = await invoke('google-webhook', httpEvent('POST', '/webhooks/google', { headers: { 'x-goog-channel-id': 'unknown', 'x-goog-channel-token': 'x', 'x-goog-resource-state': 'exists' } }));
    expect(result.statusCode).toBe(404);
  });

  it('microsoft-webhook echoes the validation token as text/plain', async () => {
    const result = await invoke('microsoft-webhook', httpEvent('POST', '/webhooks/microsoft?validationToken=hello%20%3Cworld%3E'));
    expect(result).toMatchObject({ statusCode: 200, body: 'hello <world>' });
    expect(header(result, 'content-type')).toMatch(/^text\/plain/);
  });
});
