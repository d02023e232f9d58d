import { beforeEach, describe, expect, it } from 'vitest';
import type { CalendarWriter } from '../../lib/core/ports/calendar.js';
import { DEFAULT_COFFEE_SETTINGS } from '../../lib/core/domain/coffee.js';
import { proposeForUser, type ProposeDeps } from '../../lib/services/propose.js';
import type { Store } from '../../lib/core/ports/store.js';
import { TEST_SETTINGS } from '../support/app-server.js';
import { freshTable, uniqueUserId } from '../support/dynamo.js';
import { calendarFolder, icsCalendar } from './calendar-files.js';
import { overdueContact, serviceDeps } from './service-deps.js';

const NOW = '2026-11-23T08:00:00.000Z'; // Monday; London is on GMT
const folder = calendarFolder();

let store: Store;
let userId: string;
let deps: ProposeDeps;
let clock = NOW;

function depsWith(writer?: (real: CalendarWriter) => CalendarWriter): ProposeDeps {
  return serviceDeps({ store, clock: () => clock, writer });
}

beforeEach(async () => {
  ({ store } = await freshTable());
  userId = uniqueUserId();
  clock = NOW;
  await store.profiles.put(userId, { ...TEST_SETTINGS, coffee: { ...DEFAULT_COFFEE_SETTINGS } });
  // Thursday morning is taken on the user's (read-only) calendar.
  const busy = folder.write(`busy-${userId}.ics`, icsCalendar([
    { uid: 'board', start: '20261126T080000Z', end: '20261126T100000Z', summary: 'Board', attendees: [{ email: 'alex@northwind.example' }] },
  ]));
  await store.connections.create(userId, { id: 'work', kind: 'ics', label: 'work', source: busy, cursor: null, status: 'ok', createdAt: NOW });
  await store.connections.create(userId, { id: 'rapport', kind: 'rapport', label: 'Rapport', cursor: null, status: 'ok', createdAt: NOW });
  await store.contacts.putMany(userId, [overdueContact('jane@example.com', '2026-09-01T09:00:00.000Z'), overdueContact('omar@example.com', '2026-10-01T09:00:00.000Z')]);
  deps = depsWith();
});

const holds = async () => (await store.localCalendar.list(userId)).filter((e) => e.kind === 'hold' && e.status !== 'cancelled');

describe('the proposer', () => {
  it('offers the most overdue contact times on different days inside the windows, clear of busy time, as tagged holds', async () => {
    const report = await proposeForUser(deps, userId, NOW);
    expect(report.created.map((c) => c.contactEmail)).toEqual(['jane@example.com', 'omar@example.com']);
    const jane = report.created[0]!;
    // Tue 08:30 London; Thursday is busy; Fri 15:00; then next Tuesday. 24 h notice rules out Monday.
    expect(jane.slots.map((s) => s.start)).toEqual(['2026-11-24T08:30:00.000Z', '2026-11-27T15:00:00.000Z', '2026-12-01T08:30:00.000Z']);
    expect(jane.link).toMatch(/^http:\/\/localhost:3000\/book\/[A-Za-z0-9_-]{42,212}$/);
    // Omar's times never collide with Jane's holds (with the 15-minute buffers).
    const omar = report.created[1]!;
    for (const o of omar.slots) for (const j of jane.slots) expect(o.end <= j.start || o.start >= j.end).toBe(true);
    const written = await holds();
    expect(written).toHaveLength(6);
    expect(written.every((h) => h.title.includes('suggested by Rapport'))).toBe(true);
    const stored = await store.proposals.get(userId, jane.proposalId);
    expect(stored).toMatchObject({ status: 'open', contactEmail: 'jane@example.com' });
    expect(JSON.stringify(stored)).not.toContain(jane.link.split('/').pop()!); // only the hash is stored
  });

  it('is idempotent: a second run creates no proposal and no hold', async () => {
    await proposeForUser(deps, userId, NOW);
    const again = await proposeForUser(deps, userId, '2026-11-23T08:05:00.000Z');
    expect(again.created).toEqual([]);
    expect(again.skipped.map((s) => s.reason)).toEqual(['has-proposal', 'has-proposal']);
    expect(await holds()).toHaveLength(6);
    expect(await store.proposals.list(userId)).toHaveLength(2);
  });

  it('two overlapping runs create each proposal and hold once', async () => {
    await Promise.all([proposeForUser(deps, userId, NOW), proposeForUser(deps, userId, NOW)]);
    expect(await store.proposals.list(userId)).toHaveLength(2);
    expect(await holds()).toHaveLength(6);
  });

  it('a run killed between writing holds and saving the proposal is finished by the next run, without duplicates', async () => {
    let written = 0;
    const crashing = depsWith((real) => ({
      ...real,
      putHold: async (hold) => {
        if (++written === 2) throw new Error('killed');
        await real.putHold(hold);
      },
    }));
    await expect(proposeForUser(crashing, userId, NOW)).rejects.toThrow('killed');
    const [pending] = await store.proposals.list(userId);
    expect(pending?.status).toBe('pending');
    const rerun = await proposeForUser(deps, userId, NOW);
    expect(rerun.resumed).toEqual([pending!.id]);
    const proposals = await store.proposals.list(userId);
    expect(proposals).toHaveLength(2);
    expect(proposals.every((p) => p.status === 'open')).toBe(true);
    expect(await holds()).toHaveLength(6);
    expect(new Set((await holds()).map((h) => h.id)).size).toBe(6);
  });

  it('stays within the weekly budget', async () => {
    await store.profiles.put(userId, { ...TEST_SETTINGS, coffee: { ...DEFAULT_COFFEE_SETTINGS, maxPerWeek: 1 } });
    const report = await proposeForUser(deps, userId, NOW);
    expect(report.created.map((c) => c.contactEmail)).toEqual(['jane@example.com']);
    expect(report.skipped).toEqual([{ contactEmail: 'omar@example.com', reason: 'over-weekly-budget' }]);
  });

  it('a morning when the week\u2019s coffees are all on offer reads no calendar for free time', async () => {
    await store.profiles.put(userId, { ...TEST_SETTINGS, coffee: { ...DEFAULT_COFFEE_SETTINGS, maxPerWeek: 2 } });
    await proposeForUser(deps, userId, NOW);
    const opened: string[] = [];
    const counting: ProposeDeps = { ...deps, openSource: (c, settings, u) => (opened.push(c.id), deps.openSource(c, settings, u)) };
    clock = '2026-11-24T08:00:00.000Z';
    await store.contacts.putMany(userId, [overdueContact('lina@example.com', '2026-11-01T09:00:00.000Z')]);
    const report = await proposeForUser(counting, userId, clock);
    expect(report.created).toEqual([]);
    expect(report.skipped).toContainEqual({ contactEmail: 'lina@example.com', reason: 'over-weekly-budget' });
    expect(opened).toEqual([]);
  });

  it('expires a proposal whose link ran out: its holds come off and the contact can be proposed again', async () => {
    const first = await proposeForUser(deps, userId, NOW);
    clock = '2026-12-01T06:00:00.000Z'; // after the 7-day link lifetime
    const later = await proposeForUser(deps, userId, clock);
    expect(later.expired.sort()).toEqual(first.created.map((c) => c.proposalId).sort());
    expect(later.created.map((c) => c.contactEmail)).toEqual(['jane@example.com', 'omar@example.com']);
    const live = await holds();
    expect(live.every((h) => later.created.some((c) => c.proposalId === h.proposalId))).toBe(true);
  });

  it('takes expired holds off the calendar they were written to, even after another calendar became the writable one', async () => {
    const first = await proposeForUser(deps, userId, NOW);
    expect(await holds()).toHaveLength(6);
    // The user connects Google: new holds go there; the old ones are on Rapport's own calendar.
    await store.connections.create(userId, { id: 'g', kind: 'google', label: 'Google', account: 'alex@northwind.example', cursor: null, status: 'ok', createdAt: NOW });
    const googleCalls: string[] = [];
    const google: CalendarWriter = {
      putHold: async (hold) => void googleCalls.push(`put ${hold.id}`),
      removeHold: async (holdId) => (googleCalls.push(`remove ${holdId}`), 'removed'),
      createEvent: async () => {},
      moveEvent: async () => {},
      cancelEvent: async () => 'removed',
    };
    const withGoogle: ProposeDeps = {
      ...deps,
      openSource: async (c, s, u) => (c.kind === 'google' ? { readChanges: async () => ({ kind: 'unchanged', cursor: null }), readBusy: async () => [] } : deps.openSource(c, s, u)),
      openWriter: async (c, s, u) => (c.kind === 'google' ? google : deps.openWriter(c, s, u)),
    };
    clock = '2026-12-01T06:00:00.000Z';
    const later = await proposeForUser(withGoogle, userId, clock);
    expect(later.expired.sort()).toEqual(first.created.map((c) => c.proposalId).sort());
    expect(await holds()).toEqual([]);
    expect(googleCalls.filter((c) => c.startsWith('remove'))).toEqual([]);
    expect(googleCalls.filter((c) => c.startsWith('put'))).toHaveLength(6);
  });
});
