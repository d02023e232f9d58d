import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NeedsReconnect } from '../../../../lib/core/ports/calendar.js';
import { createLogger } from '../../../../lib/runtime/log.js';
import { syncUser, type SyncDeps } from '../../../../lib/services/sync.js';
import type { Store } from '../../../../lib/core/ports/store.js';
import { secretsIssuedByFakes } from '../../../../lib/local/google-fake/oauth.js';
import { TEST_SETTINGS } from '../../../support/app-server.js';
import { uniqueUserId } from '../../../support/dynamo.js';
import { googleEvent, startGoogleWorldOnFreshTable, TEST_GOOGLE_CLIENT, type GoogleWorld } from '../../../support/google.js';

const NOW = '2026-11-23T12:00:00.000Z';
const INSERT = /\/calendars\/[^/]+\/events$/;

let store: Store;
let world: GoogleWorld;

beforeAll(async () => {
  ({ store, world } = await startGoogleWorldOnFreshTable(NOW));
});
afterAll(() => world.close());

async function writerFor(email: string) {
  const { userId, connection } = await world.connectNewUser(email);
  return { userId, connection, calendar: await world.open(userId, connection) };
}

const hold = { id: 'holdaaaa0001', proposalId: 'prop1', start: '2026-11-30T09:00:00.000Z', end: '2026-11-30T09:30:00.000Z', title: 'Coffee with Jane? (suggested by Rapport)' };

describe('holds and invitations on Google Calendar', () => {
  it('writes a tentative, tagged hold once: a second insert of the same id is a no-op', async () => {
    const email = 'holds@example.com';
    const { calendar } = await writerFor(email);
    await calendar.putHold(hold);
    await calendar.putHold(hold);
    expect(world.fake.count('POST', INSERT)).toBeGreaterThanOrEqual(2);
    const events = [...world.fake.calendar(email).events.values()].map((s) => s.event);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      id: 'holdaaaa0001',
      status: 'tentative',
      transparency: 'transparent',
      extendedProperties: { private: { rapportKind: 'hold', rapportProposalId: 'prop1' } },
    });
    // Its own proposal's hold is known as such in free/busy; sync sees it as Rapport's hold.
    const busy = await calendar.readBusy({ from: '2026-11-30T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z' });
    expect(busy).toEqual([{ start: hold.start, end: hold.end, proposalId: 'prop1' }]);
    const changes = await calendar.readChanges(null, { from: '2026-11-01T00:00:00.000Z', to: '2026-12-10T00:00:00.000Z' });
    expect(changes.kind === 'snapshot' && changes.events[0]?.rapportHold).toEqual({ proposalId: 'prop1' });
  });

  it('removes holds tolerantly: gone already (410) or never there (404) is "already-gone"', async () => {
    const { calendar } = await writerFor('removals@example.com');
    await calendar.putHold(hold);
    expect(await calendar.removeHold(hold.id)).toBe('removed');
    expect(await calendar.removeHold(hold.id)).toBe('already-gone');
    expect(await calendar.removeHold('neverwritten1')).toBe('already-gone');
  });

  it('books the coffee with the guest as attendee, sendUpdates=all, and moves and cancels it', async () => {
    const email = 'organiser@example.com';
    const { calendar } = await writerFor(email);
    const invitation = {
      id: 'coffeeaaaa001',
      proposalId: 'prop2',
      start: '2026-12-01T09:00:00.000Z',
      end: '2026-12-01T09:30:00.000Z',
      title: 'Coffee',
      organizer: { email },
      guest: { email: 'jane@example.com', name: 'Jane' },
    };
    await calendar.createEvent(invitation);
    await calendar.createEvent(invitation); // a retry: still one event, one invitation
    const event = world.fake.calendar(email).events.get('coffeeaaaa001')!.event;
    expect(event.attendees?.map((a) => a.email)).toEqual([email, 'jane@example.com']);
    expect(world.fake.invitations.filter((i) => i.eventId === 'coffeeaaaa001')).toEqual([{ calendarId: email, eventId: 'coffeeaaaa001', sendUpdates: 'all', method: 'POST' }]);

    await calendar.moveEvent('coffeeaaaa001', '2026-12-02T10:00:00.000Z', '2026-12-02T10:30:00.000Z');
    expect(world.fake.calendar(email).events.get('coffeeaaaa001')!.event.start).toEqual({ dateTime: '2026-12-02T10:00:00.000Z' });
    expect(await calendar.cancelEvent('coffeeaaaa001')).toBe('removed');
    expect(await calendar.cancelEvent('coffeeaaaa001')).toBe('already-gone');
    expect(world.fake.invitations.filter((i) => i.eventId === 'coffeeaaaa001').map((i) => [i.method, i.sendUpdates])).toEqual([
      ['POST', 'all'],
      ['PATCH', 'all'],
      ['DELETE', 'all'],
    ]);
  });
});

describe('a revoked Google grant', () => {
  it('marks only that connection needs-reconnect while another user syncs, and logs no token', async () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'debug', write: (line) => lines.push(line) });
    const deps: SyncDeps = { store, logger, openSource: async (connection, _s, user) => world.open(user, connection) };
    const revokedUser = uniqueUserId();
    const happyUser = uniqueUserId();
    for (const [user, email] of [
      [revokedUser, 'revoked@example.com'],
      [happyUser, 'happy@example.com'],
    ] as const) {
      await store.profiles.put(user, { ...TEST_SETTINGS, ownerEmails: [email] });
      await world.connect(user, email, { now: NOW });
      world.fake.putEvent(email, googleEvent(`met${email.slice(0, 3).replace(/[^a-v]/g, 'a')}001`, '2026-11-10T09:00:00.000Z', 30, [{ email, self: true }, { email: 'kim@example.com' }]));
    }
    const revokedToken = (await world.secrets.load(revokedUser, 'google'))!;
    world.fake.oauth.revoke(revokedToken);

    const [revoked, happy] = await Promise.all([syncUser(deps, revokedUser, NOW), syncUser(deps, happyUser, NOW)]);
    expect(revoked.connections[0]).toMatchObject({ status: 'needs-reconnect' });
    expect(happy.connections[0]).toMatchObject({ status: 'ok' });
    expect(happy.meetingsRecorded).toBe(1);
    expect(await store.connections.get(revokedUser, 'google')).toMatchObject({ status: 'needs-reconnect', lastError: expect.stringMatching(/reconnect/i) });
    // The opened adapter raises the typed error itself.
    const connection = (await store.connections.get(revokedUser, 'google'))!;
    await expect((await world.open(revokedUser, connection)).readChanges(null, { from: NOW, to: NOW })).rejects.toBeInstanceOf(NeedsReconnect);

    const log = lines.join('\n');
    expect(lines.length).toBeGreaterThan(0);
    for (const secret of [...secretsIssuedByFakes(), TEST_GOOGLE_CLIENT.clientSecret]) expect(log).not.toContain(secret);
  });
});
