import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientStateFor } from '../../../../lib/adapters/calendars/microsoft/client-state.js';
import { ensureSubscription, type MicrosoftPushDeps } from '../../../../lib/adapters/calendars/microsoft/push.js';
import { keepSubscriptionsFresh } from '../../../../lib/services/microsoft-push.js';
import { silentLogger } from '../../../../lib/runtime/log.js';
import type { GraphServer } from '../../../../lib/local/graph-fake/server.js';
import type { TestApp } from '../../../support/app-server.js';
import { meetingWith, startMicrosoftApp, type MicrosoftApp } from './world.js';

/**
 * Push over real HTTP: Graph (the local server) validates /webhooks/microsoft when the
 * subscription is created, then posts notifications; genuine ones are answered 202 and synced,
 * forged ones refused without a sync; lifecycle events renew or recreate the subscription.
 */

const NOW = '2026-11-23T12:00:00.000Z';
const USER = 'riley@contoso.example';
let microsoft: MicrosoftApp;
let server: GraphServer;
let app: TestApp;
let deps: MicrosoftPushDeps;

beforeAll(async () => {
  microsoft = await startMicrosoftApp({ now: NOW, webhooks: true });
  ({ server, app } = microsoft);
  await microsoft.connect(USER);
  deps = microsoft.pushDeps();
});
afterAll(() => microsoft?.close());

const connection = async () => (await app.runtime.store.connections.get(app.userId, 'outlook'))!;
const deltaCount = () => server.graphRequests(/calendarView\/delta/).length;

async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('Outlook push', () => {
  it('echoes a validation token as text/plain', async () => {
    const token = 'Validation: Testing client application reachability <&> 123';
    const response = await fetch(`${app.url}/webhooks/microsoft?validationToken=${encodeURIComponent(token)}`, { method: 'POST', headers: { 'content-type': 'text/plain' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await response.text()).toBe(token);
  });

  it('creates a subscription that Graph validated, with a derived clientState and a route', async () => {
    expect(await ensureSubscription(deps, app.userId, await connection())).toBe('created');
    const [subscription] = [...server.subscriptions.values()];
    expect(subscription).toMatchObject({ resource: '/me/events', notificationUrl: `${app.url}/webhooks/microsoft`, clientState: clientStateFor(deps.signingKey, app.userId, 'outlook') });
    const push = (await connection()).push!;
    expect(push.id).toBe(subscription!.id);
    expect(await app.runtime.store.pushRoutes.get('microsoft', push.id)).toMatchObject({ userId: app.userId, connectionId: 'outlook' });
    // Nothing secret is stored: the clientState is nowhere in the connection.
    expect(JSON.stringify(await connection())).not.toContain(subscription!.clientState!);
    expect(await ensureSubscription(deps, app.userId, await connection())).toBe('current');
  });

  it('answers a genuine notification 202 and syncs the connection after', async () => {
    server.putEvent(USER, meetingWith('sky@fabrikam.example', '2026-11-19T10:00:00.000Z'));
    const started = Date.now();
    expect(await server.notify(USER)).toEqual([202]);
    // Graph wants the answer within 3 seconds; the sync is not part of it.
    expect(Date.now() - started).toBeLessThan(3000);
    await eventually(async () => (await app.runtime.store.events.listByConnection(app.userId, 'outlook')).length === 1, 'the pushed sync');
  });

  it('refuses a notification with a forged clientState and does not sync', async () => {
    await eventually(async () => (await connection()).lastSyncAt !== undefined, 'earlier sync');
    const before = deltaCount();
    const lastSync = (await connection()).lastSyncAt;
    server.putEvent(USER, meetingWith('tao@fabrikam.example', '2026-11-20T10:00:00.000Z'));
    expect(await server.notify(USER, { clientState: 'forged' })).toEqual([403]);
    await new Promise((r) => setTimeout(r, 300));
    expect(deltaCount()).toBe(before);
    expect((await connection()).lastSyncAt).toBe(lastSync);
    expect(await app.runtime.store.events.listByConnection(app.userId, 'outlook')).toHaveLength(1);
  });

  it('renews on reauthorizationRequired and recreates on subscriptionRemoved', async () => {
    const first = (await connection()).push!;
    expect(await server.notify(USER, { lifecycleEvent: 'reauthorizationRequired' })).toEqual([202]);
    await eventually(async () => server.graphRequests(/^PATCH \/v1.0\/subscriptions\//).length === 1, 'the renewal');
    await eventually(async () => (await connection()).push!.expiresAt !== first.expiresAt, 'the new expiry');
    expect((await connection()).push!.id).toBe(first.id);

    expect(await server.notify(USER, { lifecycleEvent: 'subscriptionRemoved' })).toEqual([202]);
    await eventually(async () => (await connection()).push!.id !== first.id, 'the new subscription');
    expect([...server.subscriptions.keys()]).toEqual([(await connection()).push!.id]);
    expect(await app.runtime.store.pushRoutes.get('microsoft', first.id)).toBeNull();
  });

  it('the sweep renews a subscription close to its end', async () => {
    const current = (await connection()).push!;
    await app.runtime.store.connections.update(app.userId, 'outlook', { push: { ...current, expiresAt: new Date(Date.now() + 3_600_000).toISOString() } });
    const patches = server.graphRequests(/^PATCH \/v1.0\/subscriptions\//).length;
    await keepSubscriptionsFresh({ ...deps, logger: silentLogger }, app.userId);
    expect(server.graphRequests(/^PATCH \/v1.0\/subscriptions\//).length).toBe(patches + 1);
    expect(Date.parse((await connection()).push!.expiresAt) - Date.now()).toBeGreaterThan(4000 * 60_000);
  });
});
