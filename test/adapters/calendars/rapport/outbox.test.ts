import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { parseIcsEvents } from '../../../../lib/adapters/calendars/ics/events.js';
import { createRapportCalendar } from '../../../../lib/adapters/calendars/rapport/adapter.js';
import { createFileOutbox, InvitationRefused, listInvitations } from '../../../../lib/adapters/calendars/rapport/outbox.js';
import type { OwnCalendarEvent } from '../../../../lib/core/domain/own-calendar-event.js';
import type { Store } from '../../../../lib/core/ports/store.js';
import { freshTable, uniqueUserId } from '../../../support/dynamo.js';
import { aHoldRequest, anInvitation, CLOCK, OWNER, WINDOW } from './fixtures.js';

let store: Store;
let dir: string;
beforeAll(async () => {
  store = (await freshTable()).store;
});
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rapport-outbox-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the file outbox', () => {
  test("a booked coffee becomes a METHOD:REQUEST file inviting the guest, without the hold's private note", async () => {
    const calendar = createRapportCalendar({ store, userId: uniqueUserId(), owner: OWNER, now: CLOCK, outbox: createFileOutbox(dir) });
    await calendar.putHold(aHoldRequest());
    await calendar.createEvent(anInvitation());
    const [file, ...others] = await readdir(dir);
    expect(others).toEqual([]);
    expect(file).toBe('20270302T100000000Z-coffee1-REQUEST.ics');
    const text = await readFile(join(dir, file!), 'utf8');
    expect(text).toContain('\r\nMETHOD:REQUEST\r\n');
    expect(text).not.toContain('SECRET');
    expect(text).not.toContain('X-RAPPORT-PROPOSAL');
    const [event] = parseIcsEvents(text, WINDOW);
    expect(event?.attendees).toContainEqual({ email: 'ana@example.com', name: 'Ana', response: 'needs-action', kind: 'person' });
    expect(event).toMatchObject({ uid: 'coffee1@rapport', start: '2027-03-11T08:30:00.000Z', organizer: { email: 'me@example.com' } });
  });

  test('invitations are listed newest first with their method and event', async () => {
    let at = Date.parse('2027-03-02T10:00:00.000Z');
    const tick = () => new Date((at += 1000)).toISOString();
    const calendar = createRapportCalendar({ store, userId: uniqueUserId(), owner: OWNER, now: tick, outbox: createFileOutbox(dir) });
    await calendar.createEvent(anInvitation());
    await calendar.cancelEvent('coffee1');
    expect(await listInvitations(dir)).toEqual([
      { file: '20270302T100002000Z-coffee1-CANCEL.ics', method: 'CANCEL', eventId: 'coffee1', writtenAt: '2027-03-02T10:00:02.000Z' },
      { file: '20270302T100001000Z-coffee1-REQUEST.ics', method: 'REQUEST', eventId: 'coffee1', writtenAt: '2027-03-02T10:00:01.000Z' },
    ]);
    expect(await listInvitations(join(dir, 'missing'))).toEqual([]);
  });

  test('the same revision sent twice (a retry after a crash) is one message; the next revision is another', async () => {
    const outbox = createFileOutbox(dir);
    const event: OwnCalendarEvent = { ...anInvitation(), kind: 'coffee', status: 'confirmed', organizer: OWNER, attendees: [OWNER], sequence: 0, updatedAt: CLOCK() };
    await outbox.send({ method: 'REQUEST', event, to: OWNER });
    await outbox.send({ method: 'REQUEST', event, to: OWNER });
    await outbox.send({ method: 'CANCEL', event: { ...event, status: 'cancelled', sequence: 1, updatedAt: '2027-03-02T10:05:00.000Z' }, to: OWNER });
    await outbox.send({ method: 'CANCEL', event: { ...event, status: 'cancelled', sequence: 1, updatedAt: '2027-03-02T10:05:00.000Z' }, to: OWNER });
    expect((await listInvitations(dir)).map((e) => e.file)).toEqual(['20270302T100500000Z-coffee1-CANCEL.ics', '20270302T100000000Z-coffee1-REQUEST.ics']);
  });

  test('never writes a hold, nor an id that is not safe in a file name', async () => {
    const outbox = createFileOutbox(dir);
    const base: OwnCalendarEvent = { ...anInvitation(), kind: 'coffee', status: 'confirmed', organizer: OWNER, attendees: [OWNER], sequence: 0, updatedAt: CLOCK() };
    await expect(outbox.send({ method: 'REQUEST', event: { ...base, kind: 'hold' }, to: OWNER })).rejects.toBeInstanceOf(InvitationRefused);
    await expect(outbox.send({ method: 'REQUEST', event: { ...base, id: '../../etc/passwd' }, to: OWNER })).rejects.toBeInstanceOf(InvitationRefused);
    expect(await readdir(dir)).toEqual([]);
  });
});
