import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientStateFor } from '../../../../lib/adapters/calendars/microsoft/client-state.js';
import { ensureSubscription, type MicrosoftPushDeps } from '../../../../lib/adapters/calendars/microsoft/push.js';
import { keepSubscriptionsFresh } from '../../../../lib/services/microsoft-push.js';
import { pushWorkSettled } from '../../../../lib/services/microsoft-notifications.js';
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

const syncedEvents = () => app.runtime.store.events.listByConnection(app.userId, 'outlook');

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

  it('answers a genuine notification 202 before the sync, and syncs the connection after', async () => {
    server.putEvent(USER, meetingWith('sky@fabrikam.example', '2026-11-19T10:00:00.000Z'));
    // Graph wants the answer within 3 seconds, so the sync is not part of it: with the sync's
    // Graph read held, the 202 still comes back (were the sync inside the answer, it never would).
    const sync = server.hold(/^GET \/v1\.0\/me\/calendarView\/delta$/);
    try {
      expect(await server.notify(USER)).toEqual([202]);
      await sync.waiting(1);
      expect(await syncedEvents()).toHaveLength(0);
    } finally {
      sync.release();
    }
    await pushWorkSettled();
    expect(await syncedEvents()).toHaveLength(1);
    expect((await connection()).lastSyncAt).toBeDefined();
  });

  it('refuses a notification with a forged clientState and does not sync', async () => {
    const before = deltaCount();
    const lastSync = (await connection()).lastSyncAt;
    server.putEvent(USER, meetingWith('tao@fabrikam.example', '2026-11-20T10:00:00.000Z'));
    expect(await server.notify(USER, { clientState: 'forged' })).toEqual([403]);
    // Work a request hands on is registered before its answer: once settled, none of it can still come.
    await pushWorkSettled();
    expect(deltaCount()).toBe(before);
    expect((await connection()).lastSyncAt).toBe(lastSync);
    expect(await syncedEvents()).toHaveLength(1);
  });

  it('renews on reauthorizationRequired and recreates on subscriptionRemoved', async () => {
    const first = (await connection()).push!;
    expect(await server.notify(USER, { lifecycleEvent: 'reauthorizationRequired' })).toEqual([202]);
    await pushWorkSettled();
    expect(server.graphRequests(/^PATCH \/v1.0\/subscriptions\//)).toHaveLength(1);
    expect((await connection()).push!.expiresAt).not.toBe(first.expiresAt);
    expect((await connection()).push!.id).toBe(first.id);

    expect(await server.notify(USER, { lifecycleEvent: 'subscriptionRemoved' })).toEqual([202]);
    await pushWorkSettled();
    expect((await connection()).push!.id).not.toBe(first.id);
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
