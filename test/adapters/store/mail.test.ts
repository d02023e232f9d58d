import { beforeAll, describe, expect, test } from 'vitest';
import type { MailMessage, MailRecord } from '../../../lib/core/domain/mail.js';
import type { Store } from '../../../lib/core/ports/store.js';
import { freshTable, uniqueUserId } from '../../support/dynamo.js';

let store: Store;
beforeAll(async () => {
  store = (await freshTable()).store;
});

const T0 = '2027-03-01T08:00:00.000Z';

function aMessage(id: string): MailMessage {
  return { id, kind: 'host-alert', to: { email: 'alex@example.com' }, subject: 'Ana booked Tue 09:30', text: 'text', html: '<p>text</p>' };
}

function aRecord(userId: string, id: string, overrides: Partial<MailRecord> = {}): MailRecord {
  return { userId, message: aMessage(id), status: 'pending', createdAt: T0, attempts: 0, ...overrides };
}

describe('the outbox repository', () => {
  test('a message id is recorded once per user; the second write changes nothing', async () => {
    const userId = uniqueUserId();
    expect(await store.mail.record(aRecord(userId, 'alert.p1.0'))).toBe('created');
    expect(await store.mail.record(aRecord(userId, 'alert.p1.0', { createdAt: '2027-03-02T08:00:00.000Z' }))).toBe('exists');
    expect(await store.mail.get(userId, 'alert.p1.0')).toEqual(aRecord(userId, 'alert.p1.0'));
    expect(await store.mail.record(aRecord(uniqueUserId(), 'alert.p1.0'))).toBe('created');
  });

  test('recorded unless the address is suppressed: a suppressed address gets no record, and an existing record still says exists', async () => {
    const userId = uniqueUserId();
    expect(await store.mail.record(aRecord(userId, 'alert.p1.0'), { unlessSuppressed: 'alex@example.com' })).toBe('created');
    await store.suppressions.add(userId, 'Alex@Example.com', 'bounced', T0);
    expect(await store.mail.record(aRecord(userId, 'alert.p2.0'), { unlessSuppressed: 'alex@example.com' })).toBe('suppressed');
    expect(await store.mail.get(userId, 'alert.p2.0')).toBeNull();
    expect(await store.mail.unfinished(userId, T0)).toEqual([aRecord(userId, 'alert.p1.0')]);
    expect(await store.mail.record(aRecord(userId, 'alert.p1.0'), { unlessSuppressed: 'alex@example.com' })).toBe('exists');
    expect(await store.mail.record(aRecord(userId, 'alert.p2.0', { status: 'suppressed' }))).toBe('created');
  });

  test('twenty concurrent records of one id: exactly one is created', async () => {
    const userId = uniqueUserId();
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => store.mail.record(aRecord(userId, 'invite.e1.0.REQUEST'))));
    expect(outcomes.filter((o) => o === 'created')).toHaveLength(1);
  });

  test('the outbox lists newest first', async () => {
    const userId = uniqueUserId();
    await store.mail.record(aRecord(userId, 'b', { createdAt: '2027-03-01T09:00:00.000Z', status: 'kept' }));
    await store.mail.record(aRecord(userId, 'a', { createdAt: '2027-03-01T10:00:00.000Z', status: 'kept' }));
    await store.mail.record(aRecord(userId, 'c', { createdAt: '2027-03-01T08:00:00.000Z', status: 'kept' }));
    expect((await store.mail.list(userId)).map((r) => r.message.id)).toEqual(['a', 'b', 'c']);
    expect((await store.mail.list(userId, 2)).map((r) => r.message.id)).toEqual(['a', 'b']);
  });

  test('unfinished: pending now, failed once its retry is due, never sent or kept ones', async () => {
    const userId = uniqueUserId();
    await store.mail.record(aRecord(userId, 'pending'));
    await store.mail.record(aRecord(userId, 'kept', { status: 'kept' }));
    await store.mail.record(aRecord(userId, 'retry-later'));
    await store.mail.update(aRecord(userId, 'retry-later', { status: 'failed', lastError: '421 busy', retryAt: '2027-03-01T09:00:00.000Z' }));
    await store.mail.record(aRecord(userId, 'sent'));
    await store.mail.update(aRecord(userId, 'sent', { status: 'sent', sentAt: T0 }));
    expect((await store.mail.unfinished(userId, T0)).map((r) => r.message.id)).toEqual(['pending']);
    expect((await store.mail.unfinished(userId, '2027-03-01T09:00:00.000Z')).map((r) => r.message.id).sort()).toEqual(['pending', 'retry-later']);
    expect(await store.mail.unfinished(uniqueUserId(), T0)).toEqual([]);
  });

  test('claim: one of two workers that read the same attempts count gets the message', async () => {
    const userId = uniqueUserId();
    await store.mail.record(aRecord(userId, 'm'));
    const claims = await Promise.all(Array.from({ length: 10 }, () => store.mail.claim(userId, 'm', 0, '2027-03-01T08:10:00.000Z')));
    const won = claims.filter((c) => c !== null);
    expect(won).toHaveLength(1);
    expect(won[0]).toMatchObject({ attempts: 1, status: 'pending', retryAt: '2027-03-01T08:10:00.000Z' });
    // Until the lease ends, the sweep does not see it as owed.
    expect(await store.mail.unfinished(userId, '2027-03-01T08:05:00.000Z')).toEqual([]);
    expect(await store.mail.unfinished(userId, '2027-03-01T08:10:00.000Z')).toHaveLength(1);
    // A worker that still holds attempts 0 cannot overwrite the newer state.
    expect(await store.mail.update(aRecord(userId, 'm', { status: 'sent' }), 0)).toBe('stale');
  });
});

describe('the suppression list', () => {
  test('an opt-out is kept per user and address; a bounce wins over it, an opt-out never over a bounce', async () => {
    const userId = uniqueUserId();
    expect(await store.suppressions.reasonFor(userId, 'ana@example.com')).toBeNull();
    await store.suppressions.add(userId, 'Ana@Example.com', 'unsubscribed', T0);
    expect(await store.suppressions.reasonFor(userId, 'ana@example.com')).toBe('unsubscribed');
    expect(await store.suppressions.reasonFor(uniqueUserId(), 'ana@example.com')).toBeNull();
    await store.suppressions.add(userId, 'ana@example.com', 'bounced', T0);
    await store.suppressions.add(userId, 'ana@example.com', 'unsubscribed', T0);
    expect(await store.suppressions.reasonFor(userId, 'ana@example.com')).toBe('bounced');
    expect(await store.suppressions.list(userId)).toEqual([{ email: 'ana@example.com', reason: 'bounced', at: T0 }]);
  });
});
