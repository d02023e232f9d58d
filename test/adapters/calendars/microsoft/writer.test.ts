import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMicrosoftCalendar } from '../../../../lib/adapters/calendars/microsoft/adapter.js';
import { scheduleChunks } from '../../../../lib/adapters/calendars/microsoft/busy.js';
import { calendarEventOf, RAPPORT_CATEGORY, RAPPORT_ID_PROPERTY, RAPPORT_PROPERTY_ID } from '../../../../lib/adapters/calendars/microsoft/mapping.js';
import { storedConnectionRecords } from '../../../../lib/adapters/calendars/sources.js';
import type { Store } from '../../../../lib/core/ports/store.js';
import { graphEvent, startMicrosoftWorldOnFreshTable, type MicrosoftWorld } from './world.js';

/** Holds, coffees, moves and cancellations on Outlook, through the real Graph client. */

let store: Store;
let world: MicrosoftWorld;

beforeAll(async () => {
  ({ store, world } = await startMicrosoftWorldOnFreshTable());
});
afterAll(() => world.close());

async function connected(email: string) {
  const userId = await world.connectNewUser(email);
  return createMicrosoftCalendar({ config: world.config, secrets: world.secrets, records: storedConnectionRecords(store), userId, connectionId: 'outlook', account: email });
}

const HOLD = { id: 'hold-p1-1', proposalId: 'p1', start: '2026-11-25T09:00:00.000Z', end: '2026-11-25T09:30:00.000Z', title: 'Coffee with Bob?', description: 'Offered to Bob' };

describe('Outlook writer', () => {
  it('a retried hold (same transactionId) leaves one tentative, tagged event', async () => {
    const email = 'holds@contoso.example';
    const calendar = await connected(email);
    await calendar.putHold(HOLD);
    await calendar.putHold(HOLD);

    const events = world.server.events(email);
    expect(world.server.graphRequests(/^POST \/v1.0\/me\/events$/).filter((r) => r.mailbox === email)).toHaveLength(2);
    expect(events).toHaveLength(1);
    const [hold] = events;
    expect(hold).toMatchObject({ showAs: 'tentative', categories: [RAPPORT_CATEGORY], start: { dateTime: '2026-11-25T09:00:00.0000000', timeZone: 'UTC' } });
    expect(hold!.singleValueExtendedProperties).toEqual([
      { id: RAPPORT_PROPERTY_ID, value: 'p1' },
      { id: RAPPORT_ID_PROPERTY, value: HOLD.id },
    ]);
    // Read back through sync, the hold is Rapport's, never a meeting.
    const changes = await calendar.readChanges(null, { from: '2026-11-20T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z' });
    expect(changes.kind === 'snapshot' && changes.events[0]?.rapportHold).toBeTruthy();
  });

  it('a create whose answer was lost is retried without a duplicate', async () => {
    const email = 'lost@contoso.example';
    const calendar = await connected(email);
    // The first POST creates the event but its answer is a 503 (as if lost on the way back);
    // the client's retry and the caller's own retry carry the same transactionId.
    world.server.fault({ match: /^POST \/v1.0\/me\/events$/, status: 503, headers: { 'Retry-After': '0' }, code: 'ServiceUnavailable', times: 1, afterEffect: true });
    await calendar.createEvent({
      id: 'coffee-p2-0',
      proposalId: 'p2',
      start: '2026-11-26T10:00:00.000Z',
      end: '2026-11-26T10:30:00.000Z',
      title: 'Coffee: Carol and Alex',
      location: 'The Corner Café',
      organizer: { email },
      guest: { email: 'carol@fabrikam.example', name: 'Carol' },
    });
    await calendar.createEvent({
      id: 'coffee-p2-0',
      proposalId: 'p2',
      start: '2026-11-26T10:00:00.000Z',
      end: '2026-11-26T10:30:00.000Z',
      title: 'Coffee: Carol and Alex',
      organizer: { email },
      guest: { email: 'carol@fabrikam.example', name: 'Carol' },
    });
    const events = world.server.events(email);
    expect(world.server.graphRequests(/^POST \/v1.0\/me\/events$/).filter((r) => r.mailbox === email).map((r) => r.status)).toEqual([503, 201, 201]);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      showAs: 'busy',
      attendees: [{ type: 'required', emailAddress: { address: 'carol@fabrikam.example', name: 'Carol' } }],
      location: { displayName: 'The Corner Café' },
    });
    expect(calendarEventOf(events[0]!)?.rapportHold).toBeUndefined();
  });

  it('moves with PATCH and cancels with DELETE, tolerating events already gone', async () => {
    const email = 'moves@contoso.example';
    const calendar = await connected(email);
    const invitation = {
      id: 'coffee-p3-0',
      proposalId: 'p3',
      start: '2026-11-27T10:00:00.000Z',
      end: '2026-11-27T10:30:00.000Z',
      title: 'Coffee',
      organizer: { email },
      guest: { email: 'dan@fabrikam.example' },
    };
    await calendar.createEvent(invitation);
    await calendar.moveEvent(invitation.id, '2026-11-28T14:00:00.000Z', '2026-11-28T14:30:00.000Z');
    expect(world.server.events(email)[0]).toMatchObject({ start: { dateTime: '2026-11-28T14:00:00.0000000' }, end: { dateTime: '2026-11-28T14:30:00.0000000' } });

    expect(await calendar.cancelEvent(invitation.id)).toBe('removed');
    expect(await calendar.cancelEvent(invitation.id)).toBe('already-gone');
    expect(world.server.events(email)).toHaveLength(0);

    // Found, then deleted by someone else before our DELETE lands: 404 is still "gone".
    await calendar.putHold({ ...HOLD, id: 'hold-p3-1' });
    world.server.fault({ match: /^DELETE \/v1.0\/me\/events\//, status: 404, code: 'ErrorItemNotFound', times: 1 });
    expect(await calendar.removeHold('hold-p3-1')).toBe('already-gone');
    await expect(calendar.moveEvent('never-created', HOLD.start, HOLD.end)).rejects.toMatchObject({ name: 'MicrosoftEventMissing' });
  });

  it('reads free/busy with getSchedule in windows under 62 days, free time not blocking', async () => {
    const email = 'busy@contoso.example';
    const calendar = await connected(email);
    world.server.putEvent(email, graphEvent('2026-12-01T09:00:00.000Z', 60));
    world.server.putEvent(email, graphEvent('2027-01-20T09:00:00.000Z', 60, { showAs: 'oof' }));
    world.server.putEvent(email, graphEvent('2027-02-10T09:00:00.000Z', 60, { showAs: 'free' }));
    world.server.putEvent(email, graphEvent('2027-02-11T09:00:00.000Z', 60, { isCancelled: true }));
    const window = { from: '2026-11-23T00:00:00.000Z', to: '2027-03-01T00:00:00.000Z' };

    const busy = await calendar.readBusy(window);

    expect(busy).toEqual([
      { start: '2026-12-01T09:00:00.000Z', end: '2026-12-01T10:00:00.000Z' },
      { start: '2027-01-20T09:00:00.000Z', end: '2027-01-20T10:00:00.000Z' },
    ]);
    expect(world.server.graphRequests(/getSchedule/).filter((r) => r.mailbox === email).map((r) => r.status)).toEqual([200, 200]);
    expect(scheduleChunks(window).every((c) => Date.parse(c.to) - Date.parse(c.from) < 62 * 86_400_000)).toBe(true);
  });
});
