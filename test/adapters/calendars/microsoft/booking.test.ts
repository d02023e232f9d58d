import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RAPPORT_CATEGORY } from '../../../../lib/adapters/calendars/microsoft/mapping.js';
import { bookingDepsOf } from '../../../../lib/services/deps.js';
import { proposeForUser } from '../../../../lib/services/propose.js';
import { syncUser } from '../../../../lib/services/sync.js';
import type { GraphServer } from '../../../../lib/local/graph-fake/server.js';
import { postForm, type TestApp } from '../../../support/app-server.js';
import { dueContact, HOST_SETTINGS, NOW, openGuestPage, postJson } from '../../../edge/web/booking-scenario.js';
import { meetingWith, startMicrosoftApp, type MicrosoftApp } from './world.js';

/**
 * The coffee loop with Outlook as the host's calendar, over real HTTP: the proposer's holds go
 * to Outlook as tentative tagged events, free/busy comes from getSchedule, the guest's booking
 * becomes an Outlook meeting with the guest invited, the manage link moves and cancels it, and
 * sync afterwards records the coffee as a meeting (and never the holds).
 */

const HOST = 'alex@northwind.example';
let microsoft: MicrosoftApp;
let server: GraphServer;
let app: TestApp;

beforeAll(async () => {
  process.env.RAPPORT_DATA_DIR = mkdtempSync(join(tmpdir(), 'rapport-outlook-'));
  microsoft = await startMicrosoftApp({ now: NOW, settings: HOST_SETTINGS });
  ({ server, app } = microsoft);
  // Holds and coffees go to the connection the proposer writes to (the writable calendar).
  await microsoft.connect(HOST, { connectionId: 'rapport', name: 'Alex' });
});
afterAll(() => microsoft?.close());

const holdsOnOutlook = () => server.events(HOST).filter((e) => e.categories?.includes(RAPPORT_CATEGORY));
const later = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * 60_000).toISOString();

describe('booking with Outlook as the host calendar', () => {
  it('proposes around Outlook busy time, books, moves and cancels on Outlook, and sync counts the coffee', async () => {
    // Tuesday morning is taken on Outlook: no offered time may overlap it.
    const busy = meetingWith('kim@northwind.example', '2026-11-25T08:00:00.000Z', { subject: 'Planning' });
    busy.end = { dateTime: '2026-11-25T18:00:00.0000000', timeZone: 'UTC' };
    server.putEvent(HOST, busy);
    await app.runtime.store.contacts.putMany(app.userId, [dueContact('priya@example.in', 'Priya')]);

    const report = await proposeForUser(bookingDepsOf(app.runtime), app.userId, NOW);
    const coffee = report.created.find((c) => c.contactEmail === 'priya@example.in')!;
    expect(coffee.slots).toHaveLength(3);
    for (const slot of coffee.slots) expect(slot.end <= '2026-11-25T08:00:00.000Z' || slot.start >= '2026-11-25T18:00:00.000Z').toBe(true);
    const holds = holdsOnOutlook();
    expect(holds.map((h) => [h.start.dateTime.slice(0, 19) + '.000Z', h.showAs]).sort()).toEqual(coffee.slots.map((s) => [s.start, 'tentative']).sort());
    expect(server.graphRequests(/getSchedule/).length).toBeGreaterThan(0);

    // The guest books the second time: its own hold does not block it.
    const link = `${app.url}/book/${coffee.link.slice(coffee.link.lastIndexOf('/') + 1)}`;
    const pick = coffee.slots[1]!;
    const response = await postJson(link, { start: pick.start, name: 'Priya S.', email: 'priya.s@example.in' });
    expect(response.status).toBe(201);
    const { manageUrl } = (await response.json()) as { manageUrl: string };
    expect(holdsOnOutlook()).toEqual([]);
    const [booked, ...others] = server.events(HOST).filter((e) => e.id !== busy.id);
    expect(others).toEqual([]);
    expect(booked).toMatchObject({
      showAs: 'busy',
      start: { dateTime: pick.start.replace('.000Z', '.0000000') },
      attendees: [{ type: 'required', emailAddress: { address: 'priya.s@example.in', name: 'Priya S.' } }],
    });

    // The guest moves it to the third time through the manage link: PATCH on the same event.
    const managePath = new URL(manageUrl).pathname;
    const page = await openGuestPage(`${app.url}${managePath}`);
    const moved = await postForm(`${app.url}${managePath}/move`, { csrf: page.csrf, start: coffee.slots[2]!.start }, page.cookie);
    expect(moved.status).toBe(303);
    const afterMove = server.events(HOST).filter((e) => e.id !== busy.id);
    expect(afterMove).toHaveLength(1);
    expect(afterMove[0]).toMatchObject({ id: booked!.id, start: { dateTime: coffee.slots[2]!.start.replace('.000Z', '.0000000') } });

    // Priya accepts in her own calendar; after the coffee, sync records it (and no hold ever counted).
    server.putEvent(HOST, { ...afterMove[0]!, attendees: [{ type: 'required', status: { response: 'accepted' }, emailAddress: { address: 'priya.s@example.in', name: 'Priya S.' } }] });
    const synced = await syncUser(app.runtime, app.userId, later(coffee.slots[2]!.end, 60));
    expect(synced.connections).toEqual([expect.objectContaining({ connectionId: 'rapport', status: 'ok' })]);
    const meetings = await app.runtime.store.meetings.list(app.userId);
    expect(meetings.map((m) => [m.start, m.with])).toEqual([
      ['2026-11-25T08:00:00.000Z', ['kim@northwind.example']],
      [coffee.slots[2]!.start, ['priya.s@example.in']],
    ]);
  });

  it('cancelling through the manage link deletes the Outlook event; a second cancel is harmless', async () => {
    await app.runtime.store.contacts.putMany(app.userId, [dueContact('sam@example.com', 'Sam')]);
    const report = await proposeForUser(bookingDepsOf(app.runtime), app.userId, NOW);
    const coffee = report.created.find((c) => c.contactEmail === 'sam@example.com')!;
    const link = `${app.url}/book/${coffee.link.slice(coffee.link.lastIndexOf('/') + 1)}`;
    const response = await postJson(link, { start: coffee.slots[0]!.start });
    expect(response.status).toBe(201);
    const managePath = new URL(((await response.json()) as { manageUrl: string }).manageUrl).pathname;
    const invited = () => server.events(HOST).filter((e) => e.attendees?.some((a) => a.emailAddress.address === 'sam@example.com'));
    expect(invited()).toHaveLength(1);

    const page = await openGuestPage(`${app.url}${managePath}`);
    expect((await postForm(`${app.url}${managePath}/cancel`, { csrf: page.csrf }, page.cookie)).status).toBe(303);
    expect(invited()).toEqual([]);
    expect((await postForm(`${app.url}${managePath}/cancel`, { csrf: page.csrf }, page.cookie)).status).toBe(303);
  });
});
