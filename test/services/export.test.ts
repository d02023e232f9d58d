import { describe, expect, it } from 'vitest';
import type { Contact, Meeting } from '../../lib/core/domain/contact.js';
import type { Intro } from '../../lib/core/domain/introductions.js';
import type { Note } from '../../lib/core/domain/notes.js';
import type { UserSettings } from '../../lib/core/domain/settings.js';
import { exportUserData, importUserData, InvalidExport, parseExport, StoreNotEmpty } from '../../lib/services/export.js';
import type { Store } from '../../lib/core/ports/store.js';
import { TEST_SETTINGS } from '../support/app-server.js';
import { freshTable, uniqueUserId } from '../support/dynamo.js';

/** Export → import on a fresh table gives back exactly the same data. */

const NOW = '2026-11-23T12:00:00.000Z';

const SETTINGS: UserSettings = { ...TEST_SETTINGS, tierByEmail: { 'tom@example.com': 'close' }, feedGeneration: 2 };

const contacts: Contact[] = [
  { email: 'ana@example.com', name: 'Ana “Ñ” <b>', nameSeenAt: '2026-11-01T09:00:00.000Z', tier: 'close', cadenceDays: 14, firstMetAt: '2026-01-01T09:00:00.000Z', lastMetAt: '2026-11-01T09:00:00.000Z', nextDueAt: '2026-11-15T09:00:00.000Z', snoozedUntil: '2026-12-01T00:00:00.000Z', ignored: false },
  { email: 'bo@example.com', tier: null, firstMetAt: '2026-11-21T18:30:00.000Z', firstMetAtTitle: 'Meetup & co', nextDueAt: null, ignored: false, followUpDoneAt: '2026-11-22T10:00:00.000Z' },
  { email: 'cy@example.com', tier: 'keep-warm', nextDueAt: null, ignored: true },
];
const meetings: Meeting[] = Array.from({ length: 30 }, (_, i) => ({
  instanceKey: `uid-${i}#2026-10-${String(i + 1).padStart(2, '0')}T09:00:00.000Z`,
  uid: `uid-${i}`,
  start: `2026-10-${String((i % 28) + 1).padStart(2, '0')}T09:00:00.000Z`,
  end: `2026-10-${String((i % 28) + 1).padStart(2, '0')}T09:30:00.000Z`,
  ...(i % 2 ? { title: `Coffee ${i}` } : {}),
  with: ['ana@example.com'],
  names: { 'ana@example.com': 'Ana' },
  size: i === 7 ? 'large' : 'small',
}));
const notes: Note[] = [
  { id: 'n1', contactEmail: 'ana@example.com', text: 'moved to Lisbon\nhiring a data lead', createdAt: '2026-11-02T09:00:00.000Z', meetingKey: meetings[0]!.instanceKey },
  { id: 'n2', contactEmail: 'ana@example.com', text: 'x'.repeat(1000), createdAt: '2026-11-03T09:00:00.000Z', updatedAt: '2026-11-04T09:00:00.000Z' },
  { id: 'n3', contactEmail: 'bo@example.com', text: 'met at the meetup', createdAt: '2026-11-21T21:00:00.000Z' },
];
const intros: Intro[] = [
  { id: 'i1', contactEmail: 'ana@example.com', kind: 'introduced', otherEmail: 'bo@example.com', text: 'Introduced Ana to Bo', at: '2026-11-05T00:00:00.000Z', createdAt: '2026-11-05T10:00:00.000Z' },
  { id: 'i2', contactEmail: 'bo@example.com', kind: 'referred', text: 'Bo referred a client', at: '2026-11-06T00:00:00.000Z', createdAt: '2026-11-06T10:00:00.000Z' },
];

async function seed(store: Store, userId: string): Promise<void> {
  await store.profiles.put(userId, SETTINGS);
  await store.contacts.putMany(userId, contacts);
  await store.meetings.putMany(userId, meetings);
  await store.notes.putMany(userId, notes);
  await store.intros.putMany(userId, intros);
}

describe('export and import', () => {
  it('a round trip through a JSON file onto a fresh table gives back identical data', async () => {
    const source = await freshTable();
    const userId = uniqueUserId();
    await seed(source.store, userId);
    const exported = await exportUserData(source.store, userId, NOW);
    expect(exported.contacts).toHaveLength(3);
    expect(exported.meetings).toHaveLength(30);

    const file = JSON.stringify(exported, null, 2);
    const target = await freshTable();
    const report = await importUserData(target.store, userId, parseExport(JSON.parse(file)));
    expect(report).toEqual({ contacts: 3, meetings: 30, notes: 3, intros: 2 });

    const restored = await exportUserData(target.store, userId, NOW);
    expect(restored).toEqual(exported);
    // Byte for byte: the export writes keys in a fixed order.
    expect(JSON.stringify(restored, null, 2)).toBe(file);
    // And through the repositories, field by field, as the rest of Rapport reads them.
    expect(await target.store.profiles.get(userId)).toEqual(SETTINGS);
    expect(await target.store.contacts.list(userId)).toEqual(contacts);
    expect(await target.store.meetings.list(userId)).toEqual(await source.store.meetings.list(userId));
    expect(await target.store.notes.listFor(userId, 'ana@example.com')).toEqual(notes.slice(0, 2));
    expect(await target.store.contacts.due(userId, NOW)).toEqual(await source.store.contacts.due(userId, NOW));
  });

  it('refuses to import into a store that already has data, and writes nothing', async () => {
    const { store } = await freshTable();
    const userId = uniqueUserId();
    await store.notes.put(userId, notes[2]!);
    const data = parseExport(JSON.parse(JSON.stringify({ format: 'rapport-export', version: 1, exportedAt: NOW, settings: SETTINGS, contacts, meetings: [], notes: [], intros: [] })));
    await expect(importUserData(store, userId, data)).rejects.toThrow(StoreNotEmpty);
    await expect(importUserData(store, userId, data)).rejects.toThrow('The store already holds data for this user (notes)');
    expect(await store.contacts.list(userId)).toEqual([]);
    expect(await store.profiles.get(userId)).toBeNull();
  });

  it('refuses a file that is not an export, naming the problem', () => {
    expect(() => parseExport({ format: 'something-else' })).toThrow(InvalidExport);
    const longNote = { format: 'rapport-export', version: 1, exportedAt: NOW, settings: null, contacts: [], meetings: [], notes: [{ ...notes[0], text: 'x'.repeat(1001) }], intros: [] };
    expect(() => parseExport(longNote)).toThrow(/notes\.0\.text/);
    const badSettings = { ...longNote, notes: [], settings: { ...SETTINGS, timeZone: 'Mars/Olympus' } };
    expect(() => parseExport(badSettings)).toThrow(/settings\.timeZone/);
  });
});
