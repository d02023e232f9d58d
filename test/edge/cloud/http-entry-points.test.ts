import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FunctionName } from '../../../lib/edge/http/routes.js';
import { newSession, sessionCookie } from '../../../lib/edge/http/session.js';
import { startCloudApp, type CloudApp } from '../../support/cloud-app.js';
import { httpEvent, lambdaContext } from './events.js';

/**
 * Each HTTP entry point invoked the way Lambda invokes it: an API Gateway v2 (payload 2.0)
 * event and a Lambda context, in the cloud's session mode, against DynamoDB Local and the local
 * Google and Graph servers. The answers must be HTTP API results (status, headers, cookies,
 * body), never a thrown error.
 */

const NOW = '2026-11-23T12:00:00.000Z';
let cloud: CloudApp;

beforeAll(async () => {
  cloud = await startCloudApp({ now: NOW, googleAccounts: [] });
});

afterAll(async () => {
  await cloud?.close();
});

/** The `Cookie` a signed-in browser sends (API Gateway v2 puts cookies in their own field). */
function signedIn(): string[] {
  const { signingKey, localUserId } = cloud.app.runtime.config;
  const cookie = sessionCookie(signingKey!, newSession(localUserId, 'alex@northwind.example', Date.parse(NOW)), Date.parse(NOW), { secure: true });
  return [cookie.split(';')[0]!];
}

async function invoke(fn: FunctionName, event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const module = (await import(`../../../functions/${fn}.ts`)) as { handler: (e: APIGatewayProxyEventV2, c: unknown) => Promise<APIGatewayProxyStructuredResultV2> };
  return module.handler(event, lambdaContext(`rapport-${fn}`));
}

const header = (result: APIGatewayProxyStructuredResultV2, name: string) => String(result.headers?.[name] ?? '');

describe('HTTP entry points with API Gateway v2 events', () => {
  it('health answers without touching DynamoDB', async () => {
    const result = await invoke('health', httpEvent('GET', '/healthz'));
    expect(result).toMatchObject({ statusCode: 200 });
    expect(JSON.parse(String(result.body))).toEqual({ status: 'ok' });
  });

  it('app sends a browser without a session to sign in, and serves the dashboard to a signed-in one', async () => {
    const anonymous = await invoke('app', httpEvent('GET', '/app', { routeKey: 'ANY /app' }));
    expect(anonymous.statusCode).toBe(302);
    expect(header(anonymous, 'location')).toMatch(/\/signin/);
    const result = await invoke('app', httpEvent('GET', '/app', { routeKey: 'ANY /app', cookies: signedIn() }));
    expect(result.statusCode).toBe(200);
    expect(header(result, 'content-type')).toMatch(/^text\/html/);
    expect(result.cookies?.some((c) => c.startsWith('rapport_csrf='))).toBe(true);
  });

  it('app answers a change with broken JSON with a 400 and a message, never a stack trace', async () => {
    const result = await invoke('app', httpEvent('PATCH', '/api/contacts/x%40example.com', { routeKey: 'ANY /api/{proxy+}', body: '{not json', headers: { 'content-type': 'application/json' }, cookies: signedIn() }));
    expect(result.statusCode).toBe(400);
    expect(JSON.parse(String(result.body))).toEqual({ error: expect.stringMatching(/\w+/) });
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

  it('google-oauth and microsoft-oauth send a signing-in browser to the providers with a state cookie', async () => {
    const googleStart = await invoke('google-oauth', httpEvent('GET', '/oauth/google/start?signin&tz=Europe%2FLondon'));
    expect([302, 303]).toContain(googleStart.statusCode);
    expect(header(googleStart, 'location').startsWith(cloud.google.authUrl)).toBe(true);
    expect(googleStart.cookies?.length).toBeGreaterThan(0);

    const microsoftStart = await invoke('microsoft-oauth', httpEvent('GET', '/oauth/microsoft/start?signin'));
    expect(microsoftStart.statusCode).toBe(302);
    expect(header(microsoftStart, 'location')).toMatch(new RegExp(`^${cloud.graph.url}/common/oauth2/v2.0/authorize\\?`));
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
