import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeGoogleServer } from '../../../lib/local/google-fake/server.js';
import { googlePushDepsOf, renewGoogleChannels, watchConnection, type GooglePushDeps } from '../../../lib/services/google-push.js';
import { syncUser } from '../../../lib/services/sync.js';
import type { TestApp } from '../../support/app-server.js';
import { googleEvent, startGoogleApp, type GoogleApp } from '../../support/google.js';

/**
 * Google push over real HTTP: a channel opened on connect, notifications verified by their
 * channel token (forged → 401, unknown → 404, neither syncs), `sync` acknowledged, `exists`
 * syncing that connection with one list request, and renewal that stops the old channel.
 */

const NOW = '2026-11-23T12:00:00.000Z';
const ME = 'alex@northwind.example';
const LIST = /\/calendars\/[^/]+\/events$/;
let google: GoogleApp;
let fake: FakeGoogleServer;
let app: TestApp;
let push: GooglePushDeps;

beforeAll(async () => {
  google = await startGoogleApp({ now: NOW });
  ({ fake, app } = google);
  const refreshToken = fake.addAccount(ME);
  const { store } = app.runtime;
  await store.connections.create(app.userId, { id: 'google', kind: 'google', label: ME, account: ME, cursor: null, status: 'ok', createdAt: NOW });
  await app.runtime.secrets().save(app.userId, 'google', refreshToken);
  push = googlePushDepsOf(app.runtime)!;
  await watchConnection(push, app.userId, (await store.connections.get(app.userId, 'google'))!, NOW);
  await syncUser(app.runtime, app.userId, NOW);
});
afterAll(() => google.close());

describe('Google push notifications', () => {
  it('opens a channel with a derived token, recorded on the connection and as a push route', async () => {
    const connection = await app.runtime.store.connections.get(app.userId, 'google');
    expect(connection?.push).toMatchObject({ id: expect.stringMatching(/^rapport-/), resourceId: expect.any(String) });
    const channel = fake.channels.get(connection!.push!.id)!;
    expect(channel.address).toBe('http://localhost:3000/webhooks/google');
    expect(channel.token).toBeTruthy();
    expect(await app.runtime.store.pushRoutes.get('google', channel.id)).toMatchObject({ userId: app.userId, connectionId: 'google' });
    // Nothing secret is stored for it: the token is not on the connection or the route.
    expect(JSON.stringify(connection)).not.toContain(channel.token);
  });

  it('acknowledges sync, rejects forged and unknown channels without syncing, and syncs on exists', async () => {
    fake.putEvent(ME, googleEvent('pushcoffee1', '2026-11-20T09:00:00.000Z', 30, [{ email: ME, self: true }, { email: 'jane@example.com' }]));
    const lists = () => fake.count('GET', LIST);
    const before = lists();

    expect(await fake.notify(ME, 'sync', { deliverTo: app.url })).toEqual([200]);
    expect(await fake.notify(ME, 'exists', { deliverTo: app.url, token: 'forged-token' })).toEqual([401]);
    const unknown = await fetch(`${app.url}/webhooks/google`, {
      method: 'POST',
      headers: { 'x-goog-channel-id': 'rapport-unknown', 'x-goog-channel-token': 'whatever', 'x-goog-resource-state': 'exists' },
    });
    expect(unknown.status).toBe(404);
    expect(lists()).toBe(before);
    expect(await app.runtime.store.meetings.list(app.userId)).toEqual([]);

    expect(await fake.notify(ME, 'exists', { deliverTo: app.url })).toEqual([200]);
    expect(lists() - before).toBe(1);
    expect((await app.runtime.store.meetings.list(app.userId)).map((m) => m.with)).toEqual([['jane@example.com']]);
  });

  it('renews a channel a day before it expires and stops the old one', async () => {
    const old = (await app.runtime.store.connections.get(app.userId, 'google'))!.push!;
    expect(await renewGoogleChannels(push, app.userId, NOW)).toBe(0);
    const later = new Date(Date.parse(NOW) + 6.5 * 86_400_000).toISOString();
    expect(await renewGoogleChannels(push, app.userId, later)).toBe(1);
    const renewed = (await app.runtime.store.connections.get(app.userId, 'google'))!.push!;
    expect(renewed.id).not.toBe(old.id);
    expect(fake.channels.has(old.id)).toBe(false);
    expect(fake.channels.has(renewed.id)).toBe(true);
    expect(await app.runtime.store.pushRoutes.get('google', old.id)).toBeNull();
    expect(fake.count('POST', /\/channels\/stop$/)).toBe(1);
  });
});
