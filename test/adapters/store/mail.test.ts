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
    expect((await store.mail.owed(userId, T0)).due).toEqual([aRecord(userId, 'alert.p1.0')]);
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
    // One still to send (its body kept apart) lists whole too.
    await store.mail.record(aRecord(userId, 'd', { createdAt: '2027-03-01T11:00:00.000Z' }));
    expect((await store.mail.list(userId)).map((r) => r.message.id)).toEqual(['d', 'a', 'b', 'c']);
    expect((await store.mail.list(userId, 2)).map((r) => r.message.id)).toEqual(['d', 'a']);
    expect((await store.mail.list(userId, 1))[0]).toEqual(aRecord(userId, 'd', { createdAt: '2027-03-01T11:00:00.000Z' }));
  });

  test('unfinished: pending now, failed once its retry is due, never sent or kept ones', async () => {
    const userId = uniqueUserId();
    await store.mail.record(aRecord(userId, 'pending'));
    await store.mail.record(aRecord(userId, 'kept', { status: 'kept' }));
    await store.mail.record(aRecord(userId, 'retry-later'));
    await store.mail.update(aRecord(userId, 'retry-later', { status: 'failed', lastError: '421 busy', retryAt: '2027-03-01T09:00:00.000Z' }));
    await store.mail.record(aRecord(userId, 'sent'));
    await store.mail.update(aRecord(userId, 'sent', { status: 'sent', sentAt: T0 }));
    expect(((await store.mail.owed(userId, T0)).due).map((r) => r.message.id)).toEqual(['pending']);
    expect(((await store.mail.owed(userId, '2027-03-01T09:00:00.000Z')).due).map((r) => r.message.id).sort()).toEqual(['pending', 'retry-later']);
    expect((await store.mail.owed(uniqueUserId(), T0)).due).toEqual([]);
  });

  test('claim: one of two workers that read the same attempts count gets the message', async () => {
    const userId = uniqueUserId();
    await store.mail.record(aRecord(userId, 'm'));
    const read = (await store.mail.get(userId, 'm'))!;
    const claims = await Promise.all(Array.from({ length: 10 }, () => store.mail.claim(read, '2027-03-01T08:10:00.000Z')));
    const won = claims.filter((c) => c !== null);
    expect(won).toHaveLength(1);
    expect(won[0]).toMatchObject({ attempts: 1, status: 'pending', retryAt: '2027-03-01T08:10:00.000Z' });
    // Until the lease ends, the sweep does not see it as owed.
    expect((await store.mail.owed(userId, '2027-03-01T08:05:00.000Z')).due).toEqual([]);
    expect((await store.mail.owed(userId, '2027-03-01T08:10:00.000Z')).due).toHaveLength(1);
    // A worker that still holds attempts 0 cannot overwrite the newer state.
    expect(await store.mail.update(aRecord(userId, 'm', { status: 'sent' }), 0)).toBe('stale');
    // Once the winner has sent it, a worker holding the taken record (attempts 1, pending) cannot take it again.
    expect(await store.mail.update({ ...won[0]!, status: 'sent', sentAt: T0 })).toBe('updated');
    expect(await store.mail.claim(won[0]!, '2027-03-01T08:20:00.000Z')).toBeNull();
    expect(await store.mail.get(userId, 'm')).toMatchObject({ status: 'sent', attempts: 1 });
  });

  test('a message kept in the outbox (no transport) is written whole, as nothing will change it: no body apart', async () => {
    const table = await freshTable();
    const { createStore } = await import('../../../lib/adapters/store/store.js');
    const { GetCommand } = await import('@aws-sdk/lib-dynamodb');
    const writes: string[] = [];
    const counting = createStore({ client: table.client, tableName: table.tableName, onConsumedCapacity: (u) => u.write > 0 && writes.push(u.op) });
    const userId = uniqueUserId();
    const kept = aRecord(userId, 'alert.kept.0', { status: 'kept' });
    expect(await counting.mail.record(kept)).toBe('created');
    // The record alone: no owed marker, no body item.
    expect(writes).toEqual(['mail.record']);
    expect((await table.client.send(new GetCommand({ TableName: table.tableName, Key: { pk: `USER#${userId}`, sk: 'MAILBODY#alert.kept.0' } }))).Item).toBeUndefined();
    expect(await counting.mail.get(userId, 'alert.kept.0')).toEqual(kept);
    expect((await counting.mail.list(userId)).map((r) => r.message.html)).toEqual([kept.message.html]);
    expect(await counting.mail.record({ ...kept, createdAt: '2027-03-02T08:00:00.000Z' })).toBe('exists');
  });

  test('claim is one conditional write: no read of what the caller already holds', async () => {
    const table = await freshTable();
    const { createStore } = await import('../../../lib/adapters/store/store.js');
    const ops: string[] = [];
    const counting = createStore({ client: table.client, tableName: table.tableName, onConsumedCapacity: (u) => ops.push(`${u.op} ${u.read > 0 ? 'read' : 'write'}`) });
    const userId = uniqueUserId();
    await counting.mail.record(aRecord(userId, 'alert.one.0'));
    ops.length = 0;
    expect(await counting.mail.claim(aRecord(userId, 'alert.one.0'), '2027-03-01T08:10:00.000Z')).toMatchObject({ attempts: 1 });
    expect(ops).toEqual(['mail.update write']);
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

describe('the outbox keeps a message’s body apart from its delivery fields', () => {
  test('recording, taking and sending a 14 KB message costs the body once, not three times', async () => {
    const table = await freshTable();
    let writeUnits = 0;
    const { createStore } = await import('../../../lib/adapters/store/store.js');
    const counting = createStore({ client: table.client, tableName: table.tableName, onConsumedCapacity: (u) => (writeUnits += u.write) });
    const userId = uniqueUserId();
    const big = { ...aRecord(userId, 'digest.2027-W09'), message: { ...aMessage('digest.2027-W09'), html: `<p>${'x'.repeat(14 * 1024)}</p>` } };
    await counting.mail.record(big);
    const taken = await counting.mail.claim(big, '2027-03-01T08:10:00.000Z');
    await counting.mail.update({ ...taken!, status: 'sent', sentAt: T0, retryAt: undefined } as MailRecord);
    // Body once (15 units) and small items: recorded, taken, sent. With the body in the record, 84.
    expect(writeUnits).toBeLessThan(30);
    expect(await counting.mail.get(userId, 'digest.2027-W09')).toMatchObject({ status: 'sent', attempts: 1, message: big.message });
  });

  test('a record of an earlier release (the whole message inside) reads whole and is split on its next change', async () => {
    const table = await freshTable();
    const { createStore } = await import('../../../lib/adapters/store/store.js');
    const { PutCommand, GetCommand } = await import('@aws-sdk/lib-dynamodb');
    const legacyStore = createStore({ client: table.client, tableName: table.tableName });
    const userId = uniqueUserId();
    const record = aRecord(userId, 'alert.old.0');
    await table.client.send(new PutCommand({ TableName: table.tableName, Item: { ...record, pk: `USER#${userId}`, sk: 'MAIL#alert.old.0', entity: 'Mail' } }));
    await table.client.send(new PutCommand({ TableName: table.tableName, Item: { pk: `USER#${userId}`, sk: 'MAILDUE#alert.old.0', entity: 'MailDue', dueAt: T0 } }));
    expect(await legacyStore.mail.get(userId, 'alert.old.0')).toEqual(record);
    expect(((await legacyStore.mail.owed(userId, T0)).due).map((r) => r.message.id)).toEqual(['alert.old.0']);

    const taken = await legacyStore.mail.claim(record, '2027-03-01T08:10:00.000Z');
    expect(taken).toMatchObject({ attempts: 1, message: record.message });
    const stored = (await table.client.send(new GetCommand({ TableName: table.tableName, Key: { pk: `USER#${userId}`, sk: 'MAIL#alert.old.0' } }))).Item!;
    expect(stored.bodyApart).toBe(true);
    expect(stored.message).not.toHaveProperty('html');
    expect(await legacyStore.mail.get(userId, 'alert.old.0')).toEqual(taken);
    // A second claim with the old count is stale, split or not.
    expect(await legacyStore.mail.claim(record, '2027-03-01T08:10:00.000Z')).toBeNull();
  });

  test('a marker left behind by a crash after the record was marked sent is cleared, not read forever', async () => {
    const table = await freshTable();
    const { PutCommand, GetCommand } = await import('@aws-sdk/lib-dynamodb');
    const userId = uniqueUserId();
    await table.store.mail.record(aRecord(userId, 'alert.p9.0'));
    await table.store.mail.update(aRecord(userId, 'alert.p9.0', { status: 'sent', sentAt: T0 }));
    // The crash: the marker's delete never happened.
    await table.client.send(new PutCommand({ TableName: table.tableName, Item: { pk: `USER#${userId}`, sk: 'MAILDUE#alert.p9.0', entity: 'MailDue', dueAt: T0 } }));
    expect((await table.store.mail.owed(userId, '2027-03-01T09:00:00.000Z')).due).toEqual([]);
    expect((await table.client.send(new GetCommand({ TableName: table.tableName, Key: { pk: `USER#${userId}`, sk: 'MAILDUE#alert.p9.0' } }))).Item).toBeUndefined();
  });

  test('a crash after the marker and before the record: the next record completes it; a marker whose record never came is cleared after an hour', async () => {
    const table = await freshTable();
    const { PutCommand, GetCommand } = await import('@aws-sdk/lib-dynamodb');
    const userId = uniqueUserId();
    const marker = (id: string) => ({ pk: `USER#${userId}`, sk: `MAILDUE#${id}` });
    // The crash: the owed marker is written, the record not.
    await table.client.send(new PutCommand({ TableName: table.tableName, Item: { ...marker('alert.c1.0'), entity: 'MailDue', dueAt: T0 } }));
    await table.client.send(new PutCommand({ TableName: table.tableName, Item: { ...marker('alert.c2.0'), entity: 'MailDue', dueAt: T0 } }));
    // Within the hour a record may still be on its way: the marker stays.
    expect((await table.store.mail.owed(userId, '2027-03-01T08:30:00.000Z')).due).toEqual([]);
    expect((await table.client.send(new GetCommand({ TableName: table.tableName, Key: marker('alert.c2.0') }))).Item).toBeDefined();
    // The step that was recording it runs again: the message is recorded, owed and listed.
    expect(await table.store.mail.record(aRecord(userId, 'alert.c1.0'))).toBe('created');
    expect(((await table.store.mail.owed(userId, '2027-03-01T08:30:00.000Z')).due).map((r) => r.message.id)).toEqual(['alert.c1.0']);
    expect((await table.store.mail.list(userId)).map((r) => r.message.id)).toEqual(['alert.c1.0']);
    // The other one never comes: an hour on, its marker is cleared rather than read every sweep.
    expect(((await table.store.mail.owed(userId, '2027-03-01T09:00:00.000Z')).due).map((r) => r.message.id)).toEqual(['alert.c1.0']);
    expect((await table.client.send(new GetCommand({ TableName: table.tableName, Key: marker('alert.c2.0') }))).Item).toBeUndefined();
  });

  test('recording a message is plain conditional writes, no transaction: a small message costs at most 4 write units', async () => {
    const table = await freshTable();
    const { createStore } = await import('../../../lib/adapters/store/store.js');
    let writeUnits = 0;
    const ops: string[] = [];
    const counting = createStore({ client: table.client, tableName: table.tableName, now: () => T0, onConsumedCapacity: (u) => { writeUnits += u.write; ops.push(u.op); } });
    const userId = uniqueUserId();
    expect(await counting.mail.record(aRecord(userId, 'alert.u1.0'), { unlessSuppressed: 'alex@example.com' })).toBe('created');
    // Body, owed marker, record, and the sweep's wake for a crashed attempt: a unit each (a transaction would cost two an item).
    expect(writeUnits).toBeLessThanOrEqual(4);
    expect(ops).toContain('wake.pull');
    expect(await counting.mail.get(userId, 'alert.u1.0')).toEqual(aRecord(userId, 'alert.u1.0'));
  });
});
