import { beforeAll, describe, expect, it } from 'vitest';
import { syncUser } from '../../../lib/services/sync.js';
import { slotLabel } from '../../../lib/edge/web/guest-time.js';
import { postForm } from '../../support/app-server.js';
import { NOW, openGuestPage, postJson, useBookingWorld, type BookingWorld } from './booking-scenario.js';

/**
 * Booking, then the guest's confirmation: the coffee on the host's calendar with the guest
 * invited, the holds gone, the link used up; then move and cancel through the manage link,
 * and a cancelled coffee never counting as a meeting.
 */

const { world, store, userId } = useBookingWorld();
const calendarOf = async (proposalId: string) => (await store().localCalendar.list(userId())).filter((e) => e.proposalId === proposalId);
const later = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * 60_000).toISOString();
const localPath = (url: string) => `${world.app.url}${new URL(url).pathname}`;

interface Booked {
  event: { id: string; start: string; end: string; guest: { email: string; name?: string }; location: string };
  manageUrl: string;
}

describe('booking with JSON', () => {
  it('answers 201, puts one coffee with the guest on the calendar, removes the holds and uses up the link', async () => {
    const coffee = await world.propose('priya@example.in', 'Priya');
    const pick = coffee.slots[1]!;
    expect((await calendarOf(coffee.proposalId)).filter((e) => e.kind === 'hold')).toHaveLength(3);

    const response = await postJson(coffee.link, { start: pick.start, name: 'Priya S.', email: 'Priya.S@Example.in' });
    expect(response.status).toBe(201);
    const body = (await response.json()) as Booked;
    expect(body.event).toEqual({
      id: expect.any(String),
      start: pick.start,
      end: pick.end,
      guest: { email: 'priya.s@example.in', name: 'Priya S.' },
      location: 'The Corner Café, 1 <High> Street & "Co"',
    });
    expect(body.manageUrl).toMatch(/\/book\/manage\/[\w-]+\.[\w-]+$/);
    expect(response.headers.get('location')).toBe(body.manageUrl);

    const events = await calendarOf(coffee.proposalId);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ id: body.event.id, kind: 'coffee', status: 'confirmed', start: pick.start, end: pick.end });
    expect(events[0]!.attendees).toContainEqual({ email: 'priya.s@example.in', name: 'Priya S.' });
    expect(await store().proposals.get(userId(), coffee.proposalId)).toMatchObject({ status: 'booked', booking: { start: pick.start, status: 'confirmed' } });

    // The link is single-use: the page and a second booking are both refused with 410.
    const again = await postJson(coffee.link, { start: coffee.slots[0]!.start });
    expect(again.status).toBe(410);
    expect(await again.json()).toEqual({ error: 'This link has already been used to book a coffee. Use the links in your confirmation to change it.' });
    const page = await fetch(coffee.link);
    expect(page.status).toBe(410);
    expect(await page.text()).toContain('already been used');
    expect(await calendarOf(coffee.proposalId)).toEqual(events);
  });
});

describe('booking with the form, then the manage link', () => {
  let coffee: Awaited<ReturnType<BookingWorld['propose']>>;
  let managePath: string;
  beforeAll(async () => {
    coffee = await world.propose('sam@example.com', 'Sam');
  });

  it('redirects to the confirmation, which shows the time in the guest zone and a hostile name as text', async () => {
    const { cookie, csrf } = await openGuestPage(`${coffee.link}?tz=Asia%2FKolkata`);
    const name = '<script>alert("x")</script>';
    const response = await postForm(coffee.link, { csrf, tz: 'Asia/Kolkata', start: coffee.slots[0]!.start, name, email: '' }, cookie);
    expect(response.status).toBe(303);
    const location = response.headers.get('location')!;
    expect(location).toMatch(/^\/book\/manage\/[\w-]+\.[\w-]+\?tz=Asia%2FKolkata&booked=1$/);
    managePath = location.split('?')[0]!;

    const confirmation = await openGuestPage(`${world.app.url}${location}`);
    expect(confirmation.status).toBe(200);
    expect(confirmation.html).toContain('You are booked.');
    expect(confirmation.html).toContain(`<strong>${slotLabel(coffee.slots[0]!, 'Asia/Kolkata')}</strong>`);
    expect(confirmation.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(confirmation.html).not.toContain('<script>alert');
    // No email given: the invitation goes to the address the proposal was for.
    expect(confirmation.html).toContain('&lt;sam@example.com&gt;');
    const stored = await store().proposals.get(userId(), coffee.proposalId);
    expect(stored?.booking).toMatchObject({ guestName: name, guestEmail: 'sam@example.com' });
  });

  it('offers an .ics with the booking only, never the host’s private hold notes', async () => {
    const response = await fetch(`${world.app.url}${managePath}/coffee.ics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/calendar');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="coffee.ics"');
    const ics = await response.text();
    expect(ics).toContain('METHOD:PUBLISH');
    expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(1);
    expect(ics).toContain(`DTSTART:${coffee.slots[0]!.start.replace(/[-:]/g, '').replace('.000', '')}`);
    expect(ics).toContain('mailto:sam@example.com');
    expect(ics).not.toContain('Booking link to send');
    expect(ics).not.toContain('/book/');
    const page = await (await fetch(`${world.app.url}${managePath}`)).text();
    expect(page).not.toContain('Booking link to send');
  });

  it('moves the coffee to another offered time that is still free', async () => {
    const { cookie, csrf, html } = await openGuestPage(`${world.app.url}${managePath}?tz=Asia%2FKolkata`);
    expect(html).toContain(slotLabel(coffee.slots[2]!, 'Asia/Kolkata'));
    const response = await postForm(`${world.app.url}${managePath}/move`, { csrf, tz: 'Asia/Kolkata', start: coffee.slots[2]!.start }, cookie);
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`${managePath}?tz=Asia%2FKolkata&moved=1`);
    const [event] = await calendarOf(coffee.proposalId);
    expect(event).toMatchObject({ kind: 'coffee', status: 'confirmed', start: coffee.slots[2]!.start, end: coffee.slots[2]!.end });
    const page = await (await fetch(`${world.app.url}${response.headers.get('location')}`)).text();
    expect(page).toContain('Moved.');
    expect(page).toContain(`<strong>${slotLabel(coffee.slots[2]!, 'Asia/Kolkata')}</strong>`);
  });

  it('keeps the manage link working until the moved coffee starts, not the first time booked', async () => {
    const betweenTimes = later(coffee.slots[0]!.start, 1);
    const page = await world.at(betweenTimes, () => fetch(`${world.app.url}${managePath}`));
    expect(page.status).toBe(200);
    const started = await world.at(later(coffee.slots[2]!.start, 1), () => fetch(`${world.app.url}${managePath}`));
    expect(started.status).toBe(410);
  });

  it('refuses a move to a time never offered with the page again (400) and changes nothing', async () => {
    const { cookie, csrf } = await openGuestPage(`${world.app.url}${managePath}`);
    const before = await calendarOf(coffee.proposalId);
    const response = await postForm(`${world.app.url}${managePath}/move`, { csrf, start: later(coffee.slots[2]!.start, 15) }, cookie);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('Pick one of the other times offered.');
    const forged = await postForm(`${world.app.url}${managePath}/move`, { csrf: 'forged', start: coffee.slots[1]!.start }, cookie);
    expect(forged.status).toBe(403);
    expect(await calendarOf(coffee.proposalId)).toEqual(before);
  });

  it('cancels the coffee; after its end a sync records no meeting', async () => {
    const { cookie, csrf } = await openGuestPage(`${world.app.url}${managePath}`);
    const response = await postForm(`${world.app.url}${managePath}/cancel`, { csrf }, cookie);
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`${managePath}?cancelled=1`);
    const page = await openGuestPage(`${world.app.url}${response.headers.get('location')}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain('Coffee cancelled');

    // A second click finds it already cancelled: the same outcome, no error.
    expect((await postForm(`${world.app.url}${managePath}/cancel`, { csrf }, cookie)).status).toBe(303);
    const [event] = await calendarOf(coffee.proposalId);
    expect(event?.status).toBe('cancelled');

    const afterEverything = later(NOW, 15 * 24 * 60);
    await syncUser(world.app.runtime, userId(), afterEverything);
    const meetings = await store().meetings.list(userId());
    expect(meetings.filter((m) => m.with.includes('sam@example.com'))).toEqual([]);
    // The coffee booked with JSON above was not cancelled: it did count.
    expect(meetings.filter((m) => m.with.includes('priya.s@example.in'))).toHaveLength(1);
    expect((await store().contacts.get(userId(), 'sam@example.com'))?.lastMetAt).toBe('2026-06-01T09:00:00.000Z');
  });

  it('answers a forged manage link with 404 and one whose coffee has started with 410', async () => {
    const forged = await fetch(`${world.app.url}/book/manage/abc.def`);
    expect(forged.status).toBe(404);
    expect(await forged.text()).toContain('This link is not valid.');
    const other = await world.propose('eve@example.com');
    const booked = (await (await postJson(other.link, { start: other.slots[0]!.start })).json()) as Booked;
    const started = await world.at(later(other.slots[0]!.start, 1), () => fetch(localPath(booked.manageUrl)));
    expect(started.status).toBe(410);
    expect(await started.text()).toContain('can no longer be changed here');
  });
});
