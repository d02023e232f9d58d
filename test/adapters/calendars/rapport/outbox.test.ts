import { beforeAll, describe, expect, test } from 'vitest';
import { parseIcsEvents } from '../../../../lib/adapters/calendars/ics/events.js';
import { createRapportCalendar } from '../../../../lib/adapters/calendars/rapport/adapter.js';
import { createMailOutbox } from '../../../../lib/adapters/calendars/rapport/mail-outbox.js';
import { InvitationRefused } from '../../../../lib/adapters/calendars/rapport/outbox.js';
import type { OwnCalendarEvent } from '../../../../lib/core/domain/own-calendar-event.js';
import type { Store } from '../../../../lib/core/ports/store.js';
import { silentLogger } from '../../../../lib/runtime/log.js';
import { createMailer } from '../../../../lib/services/mail-delivery.js';
import { freshTable, uniqueUserId } from '../../../support/dynamo.js';
import { aHoldRequest, anInvitation, CLOCK, OWNER, WINDOW } from './fixtures.js';

/**
 * Rapport's own calendar hands each coffee's invitation to the mail outbox: recorded once per
 * revision and method, kept in the outbox here (no transport), never a hold.
 */

let store: Store;
beforeAll(async () => {
  store = (await freshTable()).store;
});

function outboxFor(userId: string, now: () => string = CLOCK) {
  const mailer = createMailer({ store, from: { email: 'rapport@example.com' }, now, logger: silentLogger });
  return createMailOutbox({ mailer, userId, timeZone: 'Europe/Lisbon' });
}

describe('the mail outbox of Rapport’s own calendar', () => {
  test("a booked coffee becomes one METHOD:REQUEST mail inviting the guest, without the hold's private note", async () => {
    const userId = uniqueUserId();
    const calendar = createRapportCalendar({ store, userId, owner: OWNER, now: CLOCK, outbox: outboxFor(userId) });
    await calendar.putHold(aHoldRequest());
    await calendar.createEvent(anInvitation());
    const [record, ...others] = await store.mail.list(userId);
    expect(others).toEqual([]);
    expect(record).toMatchObject({ status: 'kept', message: { id: 'invite.coffee1.0.REQUEST', kind: 'invitation', to: { email: 'ana@example.com' } } });
    const ics = record!.message.calendar!.ics;
    expect(record!.message.calendar!.method).toBe('REQUEST');
    expect(ics).toContain('\r\nMETHOD:REQUEST\r\n');
    expect(JSON.stringify(record!.message)).not.toContain('SECRET');
    expect(ics).not.toContain('X-RAPPORT-PROPOSAL');
    const [event] = parseIcsEvents(ics, WINDOW);
    expect(event?.attendees).toContainEqual({ email: 'ana@example.com', name: 'Ana', response: 'needs-action', kind: 'person' });
    expect(event).toMatchObject({ uid: 'coffee1@rapport', start: '2027-03-11T08:30:00.000Z', organizer: { email: 'me@example.com' } });
  });

  test('the same revision handed over twice (a retry after a crash) is one message; a cancel is another', async () => {
    const userId = uniqueUserId();
    const outbox = outboxFor(userId);
    const event: OwnCalendarEvent = { ...anInvitation(), kind: 'coffee', status: 'confirmed', organizer: OWNER, attendees: [OWNER], sequence: 0, updatedAt: CLOCK() };
    await outbox.send({ method: 'REQUEST', event, to: OWNER });
    await outbox.send({ method: 'REQUEST', event, to: OWNER });
    const cancelled = { ...event, status: 'cancelled' as const, sequence: 1, updatedAt: '2027-03-02T10:05:00.000Z' };
    await outbox.send({ method: 'CANCEL', event: cancelled, to: OWNER });
    await outbox.send({ method: 'CANCEL', event: cancelled, to: OWNER });
    expect((await store.mail.list(userId)).map((r) => r.message.id).sort()).toEqual(['invite.coffee1.0.REQUEST', 'invite.coffee1.1.CANCEL']);
  });

  test('never sends a hold', async () => {
    const userId = uniqueUserId();
    const base: OwnCalendarEvent = { ...anInvitation(), kind: 'coffee', status: 'confirmed', organizer: OWNER, attendees: [OWNER], sequence: 0, updatedAt: CLOCK() };
    await expect(outboxFor(userId).send({ method: 'REQUEST', event: { ...base, kind: 'hold' }, to: OWNER })).rejects.toBeInstanceOf(InvitationRefused);
    expect(await store.mail.list(userId)).toEqual([]);
  });
});
