import { beforeAll, describe, expect, test } from 'vitest';
import type { CalendarSource, CalendarWriter } from '../../../../lib/core/ports/calendar.js';
import { createRapportCalendar, LocalEventMissing } from '../../../../lib/adapters/calendars/rapport/adapter.js';
import type { InvitationMessage, InvitationOutbox } from '../../../../lib/adapters/calendars/rapport/outbox.js';
import { inferMeetings } from '../../../../lib/core/domain/inference.js';
import type { Store } from '../../../../lib/core/ports/store.js';
import { freshTable, uniqueUserId } from '../../../support/dynamo.js';
import { aHoldRequest, anInvitation, CLOCK, GUEST, OWNER, WINDOW } from './fixtures.js';

let store: Store;
beforeAll(async () => {
  store = (await freshTable()).store;
});

/**
 * An outbox that keeps what it was handed, one message per revision and method as the
 * InvitationOutbox contract says (the file outbox does it by file name); `handed` counts every call.
 */
function recordingOutbox(): InvitationOutbox & { sent: InvitationMessage[]; handed: number } {
  const sent: InvitationMessage[] = [];
  const outbox = {
    sent,
    handed: 0,
    send: async (message: InvitationMessage) => {
      outbox.handed++;
      const same = (m: InvitationMessage) => m.method === message.method && m.event.id === message.event.id && m.event.sequence === message.event.sequence;
      if (!sent.some(same)) sent.push(message);
    },
  };
  return outbox;
}

function calendarFor(userId = uniqueUserId(), outbox?: InvitationOutbox): CalendarSource & CalendarWriter & { userId: string } {
  return { userId, ...createRapportCalendar({ store, userId, owner: OWNER, now: CLOCK, ...(outbox ? { outbox } : {}) }) };
}

describe("Rapport's calendar as a writer", () => {
  test('writing the same hold twice leaves one tentative hold', async () => {
    const calendar = calendarFor();
    await calendar.putHold(aHoldRequest());
    await calendar.putHold(aHoldRequest({ title: 'a retry with other text' }));
    const events = await store.localCalendar.list(calendar.userId);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ id: 'hold1', kind: 'hold', status: 'tentative', attendees: [], title: aHoldRequest().title });
  });

  test('removing a hold says "removed", then "already-gone"', async () => {
    const calendar = calendarFor();
    await calendar.putHold(aHoldRequest());
    expect(await calendar.removeHold('hold1')).toBe('removed');
    expect(await calendar.removeHold('hold1')).toBe('already-gone');
  });

  test("a proposal's holds come off together, the coffee stays, and doing it again changes nothing", async () => {
    const calendar = calendarFor();
    await calendar.putHold(aHoldRequest({ id: 'hold1' }));
    await calendar.putHold(aHoldRequest({ id: 'hold2' }));
    await calendar.createEvent(anInvitation());
    await calendar.removeHolds!(['hold1', 'hold2']);
    await calendar.removeHolds!(['hold1', 'hold2']);
    expect((await store.localCalendar.list(calendar.userId)).map((e) => e.kind)).toEqual(['coffee']);
  });

  test('creating the coffee twice (a retry after a crash) leaves one event and ONE invitation, to the guest', async () => {
    const outbox = recordingOutbox();
    const calendar = calendarFor(uniqueUserId(), outbox);
    await calendar.createEvent(anInvitation());
    await calendar.createEvent(anInvitation());
    const events = await store.localCalendar.list(calendar.userId);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ kind: 'coffee', status: 'confirmed', organizer: OWNER, attendees: [OWNER, GUEST] });
    expect(outbox.sent).toHaveLength(1);
    expect(outbox.sent[0]).toMatchObject({ method: 'REQUEST', to: GUEST, event: { id: 'coffee1' } });
    // The retry hands the same revision over again: a crash between writing and sending loses nothing.
    expect(outbox.handed).toBe(2);
  });

  test('an outbox failure leaves no coffee behind, so the booking can be undone cleanly', async () => {
    const failing: InvitationOutbox = { send: async () => Promise.reject(new Error('disk full')) };
    const calendar = calendarFor(uniqueUserId(), failing);
    await expect(calendar.createEvent(anInvitation())).rejects.toThrow('disk full');
    expect(await store.localCalendar.list(calendar.userId)).toEqual([]);
  });

  test('moving re-sends the invitation with the next sequence; the same move again adds no message', async () => {
    const outbox = recordingOutbox();
    const calendar = calendarFor(uniqueUserId(), outbox);
    await calendar.createEvent(anInvitation());
    await calendar.moveEvent('coffee1', '2027-03-12T08:30:00.000Z', '2027-03-12T09:00:00.000Z');
    await calendar.moveEvent('coffee1', '2027-03-12T08:30:00.000Z', '2027-03-12T09:00:00.000Z');
    expect(outbox.sent.map((m) => [m.method, m.event.sequence, m.event.start])).toEqual([
      ['REQUEST', 0, '2027-03-11T08:30:00.000Z'],
      ['REQUEST', 1, '2027-03-12T08:30:00.000Z'],
    ]);
    await expect(calendar.moveEvent('nope', '2027-03-12T08:30:00.000Z', '2027-03-12T09:00:00.000Z')).rejects.toBeInstanceOf(LocalEventMissing);
  });

  test('cancelling sends CANCEL once (a retry adds no message), then says "already-gone"', async () => {
    const outbox = recordingOutbox();
    const calendar = calendarFor(uniqueUserId(), outbox);
    await calendar.createEvent(anInvitation());
    expect(await calendar.cancelEvent('coffee1')).toBe('removed');
    expect(await calendar.cancelEvent('coffee1')).toBe('already-gone');
    expect(await calendar.cancelEvent('never-existed')).toBe('already-gone');
    expect(outbox.sent.map((m) => [m.method, m.event.status, m.event.sequence])).toEqual([
      ['REQUEST', 'confirmed', 0],
      ['CANCEL', 'cancelled', 1],
    ]);
  });
});

describe("Rapport's calendar as a source", () => {
  test('nothing changed since the cursor: unchanged; a coffee booked, moved or cancelled: a new snapshot', async () => {
    const calendar = calendarFor();
    await calendar.createEvent(anInvitation());
    const first = await calendar.readChanges(null, WINDOW);
    expect(first.kind).toBe('snapshot');
    expect(await calendar.readChanges(first.cursor, WINDOW)).toEqual({ kind: 'unchanged', cursor: first.cursor });
    await calendar.createEvent(anInvitation({ id: 'coffee2', start: '2027-03-12T08:30:00.000Z', end: '2027-03-12T09:00:00.000Z' }));
    const second = await calendar.readChanges(first.cursor, WINDOW);
    expect(second.kind === 'snapshot' && second.events).toHaveLength(2);
    await calendar.moveEvent('coffee2', '2027-03-12T10:00:00.000Z', '2027-03-12T10:30:00.000Z');
    expect((await calendar.readChanges(second.cursor, WINDOW)).kind).toBe('snapshot');
  });

  test('holds are not given to sync: Rapport\'s own offers never become meetings, and offering changes nothing it reads', async () => {
    const calendar = calendarFor();
    await calendar.createEvent(anInvitation());
    const first = await calendar.readChanges(null, WINDOW);
    await calendar.putHold(aHoldRequest());
    await calendar.putHold(aHoldRequest({ id: 'hold2', start: '2027-03-10T08:30:00.000Z', end: '2027-03-10T09:00:00.000Z' }));
    expect(await calendar.readChanges(first.cursor, WINDOW)).toEqual({ kind: 'unchanged', cursor: first.cursor });
    expect(first.kind === 'snapshot' && first.events.map((e) => e.uid)).toEqual(['coffee1@rapport']);
    await calendar.removeHold('hold1');
    expect((await calendar.readChanges(first.cursor, WINDOW)).kind).toBe('unchanged');
    // Free/busy still counts them.
    expect(await calendar.readBusy(WINDOW)).toHaveLength(2);
  });

  test('an event entering the window changes the cursor even when nothing was written', async () => {
    const calendar = calendarFor();
    await calendar.createEvent(anInvitation({ start: '2027-04-05T08:30:00.000Z', end: '2027-04-05T09:00:00.000Z' }));
    const before = await calendar.readChanges(null, WINDOW);
    expect(before.kind === 'snapshot' && before.events).toEqual([]);
    const later = await calendar.readChanges(before.cursor, { from: WINDOW.from, to: '2027-04-10T00:00:00.000Z' });
    expect(later.kind === 'snapshot' && later.events).toHaveLength(1);
  });

  test('the snapshot shows the coffee as a meeting with the guest', async () => {
    const calendar = calendarFor();
    await calendar.putHold(aHoldRequest());
    await calendar.createEvent(anInvitation());
    const changes = await calendar.readChanges(null, WINDOW);
    if (changes.kind !== 'snapshot') throw new Error('expected a snapshot');
    const coffee = changes.events.find((e) => e.uid === 'coffee1@rapport');
    expect(coffee).toMatchObject({
      status: 'confirmed',
      organizer: { email: 'me@example.com' },
      attendees: [
        { email: 'me@example.com', response: 'accepted', kind: 'person' },
        { email: 'ana@example.com', name: 'Ana', response: 'accepted', kind: 'person' },
      ],
    });
    expect(coffee?.rapportHold).toBeUndefined();

    const verdicts = inferMeetings(changes.events, { ownerEmails: ['me@example.com'], smallMeetingMaxPeople: 8 }, '2027-03-11T10:00:00.000Z');
    expect(verdicts.map((v) => [v.event.uid, v.reason])).toEqual([['coffee1@rapport', 'met']]);
    const met = verdicts.find((v) => v.counted);
    expect(met?.counted && met.with).toEqual(['ana@example.com']);
  });

  test('a cancelled coffee reads as cancelled and never counts as a meeting', async () => {
    const calendar = calendarFor();
    await calendar.createEvent(anInvitation());
    await calendar.cancelEvent('coffee1');
    const changes = await calendar.readChanges(null, WINDOW);
    if (changes.kind !== 'snapshot') throw new Error('expected a snapshot');
    expect(changes.events[0]?.status).toBe('cancelled');
    const [verdict] = inferMeetings(changes.events, { ownerEmails: ['me@example.com'], smallMeetingMaxPeople: 8 }, '2027-03-20T00:00:00.000Z');
    expect(verdict?.reason).toBe('cancelled');
  });

  test('busy time tags holds with their proposal, so a booking can ignore its own holds', async () => {
    const calendar = calendarFor();
    await calendar.putHold(aHoldRequest());
    await calendar.putHold(aHoldRequest({ id: 'hold2', proposalId: 'p2', start: '2027-03-10T08:30:00.000Z', end: '2027-03-10T09:00:00.000Z' }));
    await calendar.createEvent(anInvitation());
    await calendar.createEvent(anInvitation({ id: 'coffee2', start: '2027-03-12T08:30:00.000Z', end: '2027-03-12T09:00:00.000Z' }));
    await calendar.cancelEvent('coffee2');
    expect(await calendar.readBusy(WINDOW)).toEqual([
      { start: '2027-03-09T08:30:00.000Z', end: '2027-03-09T09:00:00.000Z', proposalId: 'p1' },
      { start: '2027-03-10T08:30:00.000Z', end: '2027-03-10T09:00:00.000Z', proposalId: 'p2' },
      { start: '2027-03-11T08:30:00.000Z', end: '2027-03-11T09:00:00.000Z' },
    ]);
    expect(await calendar.readBusy({ from: '2027-03-09T08:45:00.000Z', to: '2027-03-09T10:00:00.000Z' })).toEqual([
      { start: '2027-03-09T08:45:00.000Z', end: '2027-03-09T09:00:00.000Z', proposalId: 'p1' },
    ]);
  });
});
