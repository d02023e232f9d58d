import { beforeAll, describe, expect, test } from 'vitest';
import type { Store } from '../../../lib/core/ports/store.js';
import { freshTable, uniqueUserId } from '../../support/dynamo.js';
import { aContact } from './fixtures.js';

let store: Store;
const me = uniqueUserId();
const someoneElse = uniqueUserId();
const BEFORE = '2027-03-10T00:00:00.000Z';

beforeAll(async () => {
  ({ store } = await freshTable());
  await store.contacts.putMany(me, [
    aContact({ email: 'recent@x.org', nextDueAt: '2027-03-09T00:00:00.000Z' }),
    aContact({ email: 'oldest@x.org', nextDueAt: '2027-01-01T00:00:00.000Z' }),
    aContact({ email: 'middle@x.org', nextDueAt: '2027-02-01T00:00:00.000Z' }),
    // Due long ago but snoozed until the 5th: listed by the snooze end, after `middle`.
    aContact({ email: 'snoozed@x.org', nextDueAt: '2026-12-01T00:00:00.000Z', snoozedUntil: '2027-03-05T00:00:00.000Z' }),
    // Snoozed past `before`: not due yet.
    aContact({ email: 'snoozed-long@x.org', nextDueAt: '2027-01-15T00:00:00.000Z', snoozedUntil: '2027-04-01T00:00:00.000Z' }),
    aContact({ email: 'ignored@x.org', nextDueAt: '2027-01-02T00:00:00.000Z', ignored: true }),
    aContact({ email: 'untiered@x.org', tier: null, nextDueAt: '2027-01-03T00:00:00.000Z' }),
    aContact({ email: 'exactly-at-before@x.org', nextDueAt: BEFORE }),
    aContact({ email: 'future@x.org', nextDueAt: '2027-06-01T00:00:00.000Z' }),
  ]);
  await store.contacts.putMany(someoneElse, [aContact({ email: 'stranger@x.org', nextDueAt: '2027-01-01T00:00:00.000Z' })]);
});

const emails = (contacts: { email: string }[]) => contacts.map((c) => c.email);

describe('contacts due', () => {
  test('lists only tracked contacts due before the instant, most overdue first, snoozed ones by their snooze end', async () => {
    expect(emails(await store.contacts.due(me, BEFORE))).toEqual(['oldest@x.org', 'middle@x.org', 'snoozed@x.org', 'recent@x.org']);
  });

  test('returns whole contacts', async () => {
    const [first] = await store.contacts.due(me, BEFORE, 1);
    expect(first).toEqual(aContact({ email: 'oldest@x.org', nextDueAt: '2027-01-01T00:00:00.000Z' }));
  });

  test('limit keeps the most overdue', async () => {
    expect(emails(await store.contacts.due(me, BEFORE, 2))).toEqual(['oldest@x.org', 'middle@x.org']);
    expect(await store.contacts.due(me, BEFORE, 0)).toEqual([]);
  });

  test("another user's contacts never appear in my due list, and mine never in theirs", async () => {
    expect(emails(await store.contacts.due(me, '2030-01-01T00:00:00.000Z'))).not.toContain('stranger@x.org');
    expect(emails(await store.contacts.due(someoneElse, '2030-01-01T00:00:00.000Z'))).toEqual(['stranger@x.org']);
  });

  test('ignoring, untiering and tracking again move a contact out of and back into the list', async () => {
    const userId = uniqueUserId();
    await store.contacts.putMany(userId, [aContact({ email: 'ana@x.org', nextDueAt: '2027-01-01T00:00:00.000Z' })]);
    await store.contacts.update(userId, 'ana@x.org', { ignored: true });
    expect(await store.contacts.due(userId, BEFORE)).toEqual([]);
    await store.contacts.update(userId, 'ana@x.org', { ignored: false, tier: null });
    expect(await store.contacts.due(userId, BEFORE)).toEqual([]);
    await store.contacts.update(userId, 'ana@x.org', { tier: 'keep-warm' });
    expect(emails(await store.contacts.due(userId, BEFORE))).toEqual(['ana@x.org']);
  });

  test('a `before` written in another offset means the same instant', async () => {
    // 2027-03-10T13:45+13:45 is exactly BEFORE.
    expect(emails(await store.contacts.due(me, '2027-03-10T13:45:00+13:45'))).toEqual(emails(await store.contacts.due(me, BEFORE)));
  });
});
