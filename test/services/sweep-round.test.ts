import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createSmtpTransport } from '../../lib/adapters/mail/smtp.js';
import { createStore } from '../../lib/adapters/store/store.js';
import type { Store } from '../../lib/core/ports/store.js';
import { silentLogger } from '../../lib/runtime/log.js';
import { createMailer } from '../../lib/services/mail-delivery.js';
import { scheduledSweep, sweepRound } from '../../lib/services/sweep.js';
import { pullTimesOf } from '../support/wake.js';
import { TEST_SETTINGS } from '../support/app-server.js';
import { freshTable, uniqueUserId } from '../support/dynamo.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.js';
import { serviceDeps } from './service-deps.js';

/** What a sweep's round tells the wake rule about the work it leaves (core/domain/sweep-wake.ts). */

const T0 = '2027-03-01T08:00:00.000Z';
let store: Store;
let smtp: TestSmtpServer;

beforeAll(async () => {
  const table = await freshTable();
  store = createStore({ client: table.client, tableName: table.tableName, now: () => T0 });
  smtp = await startSmtpServer();
});
afterAll(() => smtp.close());

describe('a sweep round', () => {
  test('says when the outbox owes its next message, and that nothing is left for the next tick', async () => {
    const userId = uniqueUserId();
    await store.profiles.put(userId, TEST_SETTINGS);
    const clock = { now: T0 };
    const mailer = createMailer({ store, transport: createSmtpTransport({ host: '127.0.0.1', port: smtp.port, secure: false, requireTls: false }), from: { email: 'rapport@northwind.example' }, now: () => clock.now, logger: silentLogger });
    smtp.refuseNext(451, 'Try again later');
    const message = { id: 'alert.round.0', kind: 'digest' as const, to: { email: 'host@round.example' }, subject: 'Your week', text: 'Hello', html: '<p>Hello</p>' };
    expect(await mailer.deliver(userId, message)).toBe('failed');
    const deps = { ...serviceDeps({ store, clock: () => clock.now }), mailer };
    // Before the retry is due: nothing to send now, and the round names the retry's time.
    clock.now = '2027-03-01T08:02:00.000Z';
    expect(await sweepRound(deps, userId, clock.now)).toMatchObject({ workLeft: false, mailOwedAt: '2027-03-01T08:05:00.000Z' });
    // The sweep woken for it sends it; nothing is owed after.
    clock.now = '2027-03-01T08:05:00.000Z';
    const sent = await sweepRound(deps, userId, clock.now, { latest: true });
    expect(sent.workLeft).toBe(false);
    expect(sent.mailOwedAt).toBeUndefined();
    expect(smtp.received.filter((m) => m.envelope.to.includes('host@round.example'))).toHaveLength(1);
  });
});

describe('a sweep on a fixed schedule (npm start)', () => {
  test('serves the wake-ups that have come, and leaves a later one', async () => {
    const userId = uniqueUserId();
    await store.profiles.put(userId, TEST_SETTINGS);
    await store.wake.pull(userId, '2027-03-01T09:00:00.000Z');
    const deps = serviceDeps({ store, clock: () => T0 });
    await scheduledSweep(deps, userId, T0);
    expect(await pullTimesOf(store, userId)).toEqual(['2027-03-01T09:00:00.000Z']);
  });
});
