import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSmtpTransport } from '../../lib/adapters/mail/smtp.js';
import type { Store } from '../../lib/core/ports/store.js';
import { silentLogger } from '../../lib/runtime/log.js';
import { createMailer } from '../../lib/services/mail-delivery.js';
import { dynamoEndpoint, freshTable, uniqueUserId } from '../support/dynamo.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.js';

/**
 * A process killed between recording a message and sending it: the next run (the sweep's
 * `finish`, once the dead attempt's lease is over) sends it, exactly once, however many runs
 * there are after that.
 */

const CHILD = fileURLToPath(new URL('./fixtures/deliver-and-crash.ts', import.meta.url));
const NOW = '2027-03-01T08:00:00.000Z';
let store: Store;
let table: string;
let smtp: TestSmtpServer;
beforeAll(async () => {
  ({ store, tableName: table } = await freshTable());
  smtp = await startSmtpServer();
});
afterAll(() => smtp.close());

function deliverInChildThatDies(userId: string, to: string): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  const input = { endpoint: dynamoEndpoint(), table, userId, now: NOW, to };
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, JSON.stringify(input)], { stdio: ['ignore', 'ignore', 'inherit'] });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

describe('a mailer killed between recording and sending', () => {
  it('the next runs deliver the message exactly once', async () => {
    const userId = uniqueUserId();
    expect(await deliverInChildThatDies(userId, 'host@crash.example')).toEqual({ code: null, signal: 'SIGKILL' });
    expect(await store.mail.get(userId, 'alert.killed.0')).toMatchObject({ status: 'pending', attempts: 1 });

    const clock = { now: NOW };
    const mailer = createMailer({ store, transport: createSmtpTransport({ host: '127.0.0.1', port: smtp.port, secure: false, requireTls: false }), from: { email: 'rapport@northwind.example' }, now: () => clock.now, logger: silentLogger });
    // Within the dead attempt's lease nobody sends (it might still be sending); the sweep learns
    // when the lease ends, to come back then.
    expect(await mailer.finish(userId)).toEqual({ sent: 0, failed: 0, laterAt: '2027-03-01T08:10:00.000Z' });
    clock.now = '2027-03-01T08:15:00.000Z';
    const runs = await Promise.all([mailer.finish(userId), mailer.finish(userId), mailer.finish(userId)]);
    expect(runs.reduce((n, r) => n + r.sent, 0)).toBe(1);
    clock.now = '2027-03-02T08:00:00.000Z';
    expect(await mailer.finish(userId)).toEqual({ sent: 0, failed: 0 });
    expect(smtp.received.filter((m) => m.envelope.to.includes('host@crash.example'))).toHaveLength(1);
    expect(await store.mail.get(userId, 'alert.killed.0')).toMatchObject({ status: 'sent', attempts: 2 });
  }, 60_000);
});
