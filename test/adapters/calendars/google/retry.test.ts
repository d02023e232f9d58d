import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CalendarUnavailable } from '../../../../lib/core/ports/calendar.js';
import { delayBefore, DEFAULT_RETRY_POLICY, isRetryable } from '../../../../lib/adapters/calendars/google/client.js';
import { syncWindow } from '../../../../lib/services/sync.js';
import { uniqueUserId } from '../../../support/dynamo.js';
import { googleEvent, startGoogleWorldOnFreshTable, type GoogleWorld } from '../../../support/google.js';

const NOW = '2026-11-23T12:00:00.000Z';
const LIST = /\/calendars\/[^/]+\/events$/;

let world: GoogleWorld;

beforeAll(async () => {
  ({ world } = await startGoogleWorldOnFreshTable(NOW));
});
afterAll(() => world.close());
beforeEach(() => {
  world.fake.clearFaults();
  world.sleeps.length = 0;
});

async function openFor(email: string) {
  const { userId, connection } = await world.connectNewUser(email);
  world.fake.putEvent(email, googleEvent('retryevt1', '2026-11-12T09:00:00.000Z', 30));
  return world.open(userId, connection);
}

describe('our retry policy around the official client', () => {
  it('waits exactly what Retry-After says on 429, then succeeds', async () => {
    const source = await openFor('rate-limited@example.com');
    world.sleeps.length = 0;
    world.fake.inject({ method: 'GET', path: LIST, status: 429, retryAfter: 7 });
    const before = world.fake.count('GET', LIST);
    const changes = await source.readChanges(null, syncWindow(NOW));
    expect(changes.kind).toBe('snapshot');
    expect(world.sleeps).toEqual([7000]);
    expect(world.fake.count('GET', LIST) - before).toBe(2);
  });

  it('survives two 503s with exponential backoff and full jitter (no Retry-After)', async () => {
    const source = await openFor('unavailable@example.com');
    world.sleeps.length = 0;
    world.fake.inject({ method: 'GET', path: LIST, status: 503, times: 2 });
    const changes = await source.readChanges(null, syncWindow(NOW));
    expect(changes.kind).toBe('snapshot');
    // random() = 0.5 in tests: half of 500 ms, then half of 1,000 ms.
    expect(world.sleeps).toEqual([250, 500]);
  });

  it('retries 403 rateLimitExceeded but not a plain 403, and gives up within its bounds', async () => {
    const source = await openFor('forbidden@example.com');
    world.sleeps.length = 0;
    world.fake.inject({ method: 'GET', path: LIST, status: 403, reason: 'userRateLimitExceeded', retryAfter: 1 });
    await expect(source.readChanges(null, syncWindow(NOW))).resolves.toMatchObject({ kind: 'snapshot' });
    expect(world.sleeps).toEqual([1000]);

    world.sleeps.length = 0;
    world.fake.inject({ method: 'GET', path: LIST, status: 403, reason: 'forbidden' });
    await expect(source.readChanges(null, syncWindow(NOW))).rejects.toBeInstanceOf(CalendarUnavailable);
    expect(world.sleeps).toEqual([]);

    world.sleeps.length = 0;
    world.fake.inject({ method: 'GET', path: LIST, status: 503, times: 10 });
    await expect(source.readChanges(null, syncWindow(NOW))).rejects.toThrow(/events.list failed with 503/);
    expect(world.sleeps).toHaveLength(DEFAULT_RETRY_POLICY.maxAttempts - 1);
  });

  it('does not wait for a Retry-After longer than its budget', async () => {
    const source = await openFor('long-wait@example.com');
    world.sleeps.length = 0;
    world.fake.inject({ method: 'GET', path: LIST, status: 429, retryAfter: 3600 });
    await expect(source.readChanges(null, syncWindow(NOW))).rejects.toThrow(/429/);
    expect(world.sleeps).toEqual([]);
  });

  it('retries an insert only because its id makes it idempotent: a lost first answer ends as one hold', async () => {
    const email = 'hold-retry@example.com';
    const writer = await openFor(email);
    world.sleeps.length = 0;
    // The first insert lands but its answer is a 503; the retry meets 409 = already there.
    world.fake.inject({ method: 'POST', path: /\/events$/, status: 503, afterApplying: true });
    await writer.putHold({ id: 'holdretr00001', proposalId: 'p1', start: '2026-11-30T09:00:00.000Z', end: '2026-11-30T09:30:00.000Z', title: 'Coffee?' });
    expect(world.sleeps).toHaveLength(1);
    expect(world.fake.count('POST', /\/events$/)).toBe(2);
    expect([...world.fake.calendar(email).events.keys()].filter((id) => id === 'holdretr00001')).toHaveLength(1);
  });

  it('survives a slow answer by timing out and retrying', async () => {
    const { createGoogleCalendarClient } = await import('../../../../lib/adapters/calendars/google/client.js');
    const { openConnectionAuth } = await import('../../../../lib/adapters/calendars/google/auth.js');
    const { createGoogleCalendar } = await import('../../../../lib/adapters/calendars/google/adapter.js');
    const userId = uniqueUserId();
    const connection = await world.connect(userId, 'slow@example.com', { now: NOW });
    const auth = await openConnectionAuth({ config: world.config, secrets: world.secrets, userId, connectionId: connection.id });
    // The first answer never comes within the test (so only the timeout can end that request),
    // and the retry, answered at once, has two seconds: a margin no loaded machine needs.
    const client = createGoogleCalendarClient({ ...world.clientOptions, apiRoot: world.config.apiRoot, auth, timeoutMs: 2_000 });
    const source = createGoogleCalendar({ client, calendarIds: ['primary'], fallbackTimeZone: 'UTC' });
    world.sleeps.length = 0;
    world.fake.inject({ method: 'GET', path: LIST, delayMs: 120_000 });
    await expect(source.readChanges(null, syncWindow(NOW))).resolves.toMatchObject({ kind: 'snapshot' });
    expect(world.sleeps).toHaveLength(1);
  });

  it('classifies failures and draws jitter below a doubling, capped ceiling', () => {
    expect(isRetryable({ status: 429 })).toBe(true);
    expect(isRetryable({ status: 500 })).toBe(true);
    expect(isRetryable({})).toBe(true);
    expect(isRetryable({ status: 403, reason: 'rateLimitExceeded' })).toBe(true);
    expect(isRetryable({ status: 403, reason: 'insufficientPermissions' })).toBe(false);
    expect(isRetryable({ status: 404 })).toBe(false);
    const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, maxDelayMs: 1000 };
    expect([1, 2, 3, 4, 5, 6].map((n) => delayBefore(n, {}, policy, () => 0.999))).toEqual([99, 199, 399, 799, 999, 999]);
    expect(delayBefore(1, { retryAfterMs: 4000 }, policy, () => 0.5)).toBe(4000);
  });

  it('an invalid_grant from the token endpoint is NeedsReconnect at once, never retried', async () => {
    const { NeedsReconnect } = await import('../../../../lib/core/ports/calendar.js');
    const source = await openFor('grant-fault@example.com');
    world.fake.inject({ method: 'POST', path: /^\/token$/, status: 400, reason: 'invalid_grant' });
    await expect(source.readChanges(null, syncWindow(NOW))).rejects.toBeInstanceOf(NeedsReconnect);
    expect(world.sleeps).toEqual([]);
  });
});
