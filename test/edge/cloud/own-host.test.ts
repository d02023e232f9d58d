import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getRuntime, setRuntime } from '../../../lib/runtime/runtime.js';
import { startCloudApp, type CloudApp } from '../../support/cloud-app.js';
import { httpEvent, lambdaContext } from './events.js';

/** In Lambda, an HTTP function answers only to the base URL's host, before anything else runs. */
const NOW = '2026-11-23T12:00:00.000Z';
let cloud: CloudApp;

beforeAll(async () => {
  cloud = await startCloudApp({ now: NOW, googleAccounts: [] });
  const runtime = getRuntime();
  setRuntime({ ...runtime, config: { ...runtime.config, lambda: true, baseUrl: 'https://rapport.example.com' } });
});
afterAll(async () => {
  await cloud?.close();
});

async function invokeApp(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const { handler } = (await import('../../../functions/app.js')) as { handler: (e: APIGatewayProxyEventV2, c: unknown) => Promise<APIGatewayProxyStructuredResultV2> };
  return handler(event, lambdaContext('rapport-app'));
}

describe('the cloud answers only to its own host', () => {
  it('another host (the default execute-api domain beside a custom one, a rebinding name) gets 421 and nothing else', async () => {
    for (const host of ['abc123.execute-api.eu-west-1.amazonaws.com', 'evil.example', 'rapport.example.com:8443']) {
      const result = await invokeApp(httpEvent('GET', '/api/export', { routeKey: 'ANY /api/{proxy+}', headers: { host } }));
      expect(result.statusCode, host).toBe(421);
      expect(String(result.body)).not.toContain('{');
    }
  });

  it('two Host headers (joined by API Gateway) are a 400; the base URL host reaches the routes', async () => {
    const twice = await invokeApp(httpEvent('GET', '/api/export', { routeKey: 'ANY /api/{proxy+}', headers: { host: 'rapport.example.com,evil.example' } }));
    expect(twice.statusCode).toBe(400);
    const own = await invokeApp(httpEvent('GET', '/api/export', { routeKey: 'ANY /api/{proxy+}', headers: { host: 'rapport.example.com' } }));
    // Past the host check: the session check answers (no cookie here).
    expect(own.statusCode).toBe(401);
  });
});
