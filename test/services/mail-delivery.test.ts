import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { MailMessage } from '../../lib/core/domain/mail.js';
import type { Store } from '../../lib/core/ports/store.js';
import { createSmtpTransport } from '../../lib/adapters/mail/smtp.js';
import { silentLogger } from '../../lib/runtime/log.js';
import { createMailer } from '../../lib/services/mail-delivery.js';
import { pullTimesOf } from '../support/wake.js';
import { freshTable, uniqueUserId, type FreshTable } from '../support/dynamo.js';
import { createStore } from '../../lib/adapters/store/store.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.js';

let store: Store;
let table: FreshTable;
let smtp: TestSmtpServer;
beforeAll(async () => {
  table = await freshTable();
  store = table.store;
  smtp = await startSmtpServer();
});
afterAll(() => smtp.close());

const FROM = { email: 'rapport@northwind.example', name: 'Rapport' };
const T0 = '2027-03-01T08:00:00.000Z';

function message(id: string, overrides: Partial<MailMessage> = {}): MailMessage {
  return { id, kind: 'digest', to: { email: `${id}@guest.example`, name: 'Ana' }, subject: 'Your week', text: 'Hello', html: '<p>Hello</p>', ...overrides };
}

function mailerAt(clock: { now: string }, options: { transport?: boolean } = {}) {
  const transport = options.transport === false ? undefined : createSmtpTransport({ host: '127.0.0.1', port: smtp.port, secure: false, requireTls: false });
  return createMailer({ store, transport, from: FROM, now: () => clock.now, logger: silentLogger });
}

const to = (address: string) => smtp.received.filter((m) => m.envelope.to.includes(address));

describe('the mailer over a real SMTP server', () => {
  test('a message is recorded, sent once, and marked sent; delivering the same id again sends nothing', async () => {
    const userId = uniqueUserId();
    const mailer = mailerAt({ now: T0 });
    expect(await mailer.deliver(userId, message('once'))).toBe('sent');
    expect(await mailer.deliver(userId, message('once'))).toBe('already');
    expect(to('once@guest.example')).toHaveLength(1);
    expect(await store.mail.get(userId, 'once')).toMatchObject({ status: 'sent', attempts: 1, transport: 'smtp', sentAt: T0 });
  });

  test('without a transport the message is kept in the outbox, nothing is lost, nothing is sent', async () => {
    const userId = uniqueUserId();
    const mailer = mailerAt({ now: T0 }, { transport: false });
    expect(mailer.sends).toBe(false);
    expect(await mailer.deliver(userId, message('kept'))).toBe('kept');
    expect(await store.mail.get(userId, 'kept')).toMatchObject({ status: 'kept', attempts: 0 });
    expect(to('kept@guest.example')).toEqual([]);
  });

  test('a 4xx is retried later and then delivered; a 5xx fails for good with the reason in words', async () => {
    const userId = uniqueUserId();
    const clock = { now: T0 };
    const mailer = mailerAt(clock);
    smtp.refuseNext(451, 'Try again later');
    expect(await mailer.deliver(userId, message('soft'))).toBe('failed');
    const failed = await store.mail.get(userId, 'soft');
    expect(failed).toMatchObject({ status: 'failed', attempts: 1, retryAt: '2027-03-01T08:05:00.000Z' });
    expect(failed?.lastError).toContain('451');
    expect(await mailer.finish(userId)).toEqual({ sent: 0, failed: 0, laterAt: '2027-03-01T08:05:00.000Z' });
    clock.now = '2027-03-01T08:05:00.000Z';
    expect(await mailer.finish(userId)).toEqual({ sent: 1, failed: 0 });
    expect(to('soft@guest.example')).toHaveLength(1);

    smtp.refuseNext(550, 'No such user here');
    expect(await mailer.deliver(userId, message('hard'))).toBe('failed');
    const hard = await store.mail.get(userId, 'hard');
    expect(hard).toMatchObject({ status: 'failed', attempts: 1 });
    expect(hard?.retryAt).toBeUndefined();
    expect(hard?.lastError).toMatch(/550 No such user here/);
    clock.now = '2027-03-09T08:00:00.000Z';
    expect(await mailer.finish(userId)).toEqual({ sent: 0, failed: 0 });
  });

  test('owed mail wakes the sweep: when a retry falls due, and when a sending attempt’s lease would end', async () => {
    const userId = uniqueUserId();
    // The store's clock is the mailer's (a pull further out than the next twelve hours is not written).
    const clocked = createStore({ client: table.client, tableName: table.tableName, now: () => T0 });
    const pullsOf = () => pullTimesOf(clocked, userId);
    const mailer = createMailer({ store: clocked, transport: createSmtpTransport({ host: '127.0.0.1', port: smtp.port, secure: false, requireTls: false }), from: FROM, now: () => T0, logger: silentLogger });
    expect(await mailer.deliver(userId, message('leased'))).toBe('sent');
    // Recorded, then sent at once: a sweep comes when a crashed attempt would have let it go.
    expect(await pullsOf()).toEqual(['2027-03-01T08:10:00.000Z']);
    smtp.refuseNext(451, 'Try again later');
    expect(await mailer.deliver(userId, message('retried'))).toBe('failed');
    // Its record (lease end), then its retry.
    expect(await pullsOf()).toEqual(['2027-03-01T08:05:00.000Z', '2027-03-01T08:10:00.000Z', '2027-03-01T08:10:00.000Z']);
    // The sweep that finishes the outbox learns when to come back for the retry, pull or not.
    expect(await mailer.finish(userId)).toEqual({ sent: 0, failed: 0, laterAt: '2027-03-01T08:05:00.000Z' });
  });

  test('retries stop after the sixth attempt', async () => {
    const userId = uniqueUserId();
    const clock = { now: T0 };
    const mailer = mailerAt(clock);
    smtp.refuseNext(421, 'Busy', 6);
    await mailer.deliver(userId, message('stubborn'));
    for (let i = 0; i < 6; i++) {
      clock.now = new Date(Date.parse(clock.now) + 2 * 86_400_000).toISOString();
      await mailer.finish(userId);
    }
    const record = await store.mail.get(userId, 'stubborn');
    expect(record).toMatchObject({ status: 'failed', attempts: 6 });
    expect(record?.retryAt).toBeUndefined();
    expect(to('stubborn@guest.example')).toEqual([]);
  });

  test('a crash between recording and sending: the next run sends it, exactly once', async () => {
    const userId = uniqueUserId();
    // What a process killed right after the conditional write leaves behind.
    await store.mail.record({ userId, message: message('crashed'), status: 'pending', createdAt: T0, attempts: 0 });
    const mailer = mailerAt({ now: T0 });
    const [a, b] = await Promise.all([mailer.finish(userId), mailer.finish(userId)]);
    expect(a.sent + b.sent).toBe(1);
    expect(await mailer.deliver(userId, message('crashed'))).toBe('already');
    expect(to('crashed@guest.example')).toHaveLength(1);
  });

  test('ten workers delivering one message at once send it once', async () => {
    const userId = uniqueUserId();
    const mailer = mailerAt({ now: T0 });
    const outcomes = await Promise.all(Array.from({ length: 10 }, () => mailer.deliver(userId, message('raced'))));
    expect(outcomes.filter((o) => o === 'sent')).toHaveLength(1);
    expect(to('raced@guest.example')).toHaveLength(1);
  });

  test('an unsubscribed address gets no digest but still its invitations; a bounced one gets nothing', async () => {
    const userId = uniqueUserId();
    const mailer = mailerAt({ now: T0 });
    await store.suppressions.add(userId, 'optout@guest.example', 'unsubscribed', T0);
    expect(await mailer.deliver(userId, message('optout', { to: { email: 'optout@guest.example' } }))).toBe('suppressed');
    expect(await mailer.deliver(userId, message('optout-invite', { kind: 'invitation', to: { email: 'optout@guest.example' } }))).toBe('sent');
    await store.suppressions.add(userId, 'gone@guest.example', 'bounced', T0);
    expect(await mailer.deliver(userId, message('gone-invite', { kind: 'invitation', to: { email: 'gone@guest.example' } }))).toBe('suppressed');
    expect(await store.mail.get(userId, 'optout')).toMatchObject({ status: 'suppressed' });
    expect(to('optout@guest.example').map((m) => m.parsed.messageId)).toHaveLength(1);
    expect(to('gone@guest.example')).toEqual([]);
  });
});

describe('looking ahead at a booking’s two messages', () => {
  test('one read answers for both addresses; each answer serves one delivery, within a minute; a suppressed address keeps its own read', async () => {
    const reads: string[] = [];
    const metered = createStore({ client: table.client, tableName: table.tableName, onConsumedCapacity: (units) => units.read > 0 && reads.push(units.op) });
    const userId = uniqueUserId();
    const clock = { now: T0 };
    const mailer = createMailer({ store: metered, from: FROM, now: () => clock.now, logger: silentLogger });
    await metered.suppressions.add(userId, 'gone@guest.example', 'bounced', T0);

    await mailer.lookAhead(userId, ['Guest@Guest.example', 'host@northwind.example', 'gone@guest.example']);
    expect(reads).toEqual(['suppressions.reasonsFor']);
    reads.length = 0;
    expect(await mailer.deliver(userId, message('invite', { kind: 'invitation', to: { email: 'guest@guest.example' } }))).toBe('kept');
    expect(await mailer.deliver(userId, message('alert', { kind: 'invitation', to: { email: 'host@northwind.example' } }))).toBe('kept');
    expect(reads).toEqual([]);
    // Found suppressed: that delivery reads why, and records the message as not sent.
    expect(await mailer.deliver(userId, message('gone', { kind: 'invitation', to: { email: 'gone@guest.example' } }))).toBe('suppressed');
    expect(await store.mail.get(userId, 'gone')).toMatchObject({ status: 'suppressed' });

    // The answer for the guest is used up: a second message reads again.
    reads.length = 0;
    await mailer.deliver(userId, message('again', { to: { email: 'guest@guest.example' } }));
    expect(reads).toEqual(['mail.record']);
    // An answer a minute old is news no more.
    await mailer.lookAhead(userId, ['late@guest.example']);
    clock.now = '2027-03-01T08:01:01.000Z';
    reads.length = 0;
    await mailer.deliver(userId, message('late', { to: { email: 'late@guest.example' } }));
    expect(reads).toEqual(['mail.record']);
  });
});
