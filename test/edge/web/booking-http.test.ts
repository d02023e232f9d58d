import { beforeAll, describe, expect, it } from 'vitest';
import { slotLabel } from '../../../lib/edge/web/guest-time.js';
import { postForm } from '../../support/app-server.js';
import { openGuestPage, postJson, useBookingWorld, type BookingWorld } from './booking-scenario.js';

/**
 * The guest's side over real HTTP: the local server in front of the same handler Lambda runs,
 * DynamoDB Local, proposals made by the real proposer on a host whose work calendar is an ICS
 * file and whose holds and coffees live in Rapport's own calendar.
 */

const { world, store, userId } = useBookingWorld();
const radios = (html: string) => [...html.matchAll(/type="radio" id="time-\d+" name="start" value="([^"]+)"/g)].map((m) => m[1]);
const at = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * 60_000).toISOString();
const icsStamp = (iso: string) => iso.replace(/[-:]/g, '').replace(/\.\d{3}/, '');

/** Everything a refused request must leave as it was. */
async function snapshot(proposalId: string) {
  return { proposal: await store().proposals.get(userId(), proposalId), calendar: await store().localCalendar.list(userId()) };
}

describe('the booking page', () => {
  it('lists the offered times still free in the zone asked for, and drops one the host just got busy at', async () => {
    const coffee = await world.propose('jane@example.com', 'Jane <b>Doe</b>');
    const page = await openGuestPage(`${coffee.link}?tz=Asia%2FKolkata`);
    expect(page.status).toBe(200);
    expect(radios(page.html)).toEqual(coffee.slots.map((s) => s.start));
    for (const slot of coffee.slots) expect(page.html).toContain(slotLabel(slot, 'Asia/Kolkata'));
    expect(page.html).toContain('India Standard Time');
    expect(page.html).toContain('Hi Jane &lt;b&gt;Doe&lt;/b&gt;,');
    expect(page.html).toContain('The Corner Café, 1 &lt;High&gt; Street &amp; &quot;Co&quot;');
    expect(page.html).toContain('alex@northwind.example');
    expect(page.html).toContain('30-minute coffee');

    const taken = coffee.slots[1]!;
    world.setWorkEvents([{ uid: 'dentist@test', start: icsStamp(taken.start), end: icsStamp(at(taken.start, 10)), summary: 'Dentist', attendees: [] }]);
    try {
      expect(radios((await openGuestPage(`${coffee.link}?tz=Asia%2FKolkata`)).html)).toEqual([coffee.slots[0]!.start, coffee.slots[2]!.start]);
    } finally {
      world.setWorkEvents([]);
    }
  });

  it("without a zone in the URL shows the host's zone, says so, and asks the browser with a nonce'd script", async () => {
    const coffee = await world.propose('ken@example.com');
    const response = await fetch(coffee.link);
    const html = await response.text();
    const nonce = /'nonce-([^']+)'/.exec(response.headers.get('content-security-policy') ?? '')?.[1];
    expect(nonce).toBeTruthy();
    expect(html).toContain(`<script nonce="${nonce}">`);
    expect(html).toContain('(Europe/London), your host’s time zone');
    expect(html).toContain(slotLabel(coffee.slots[0]!, 'Europe/London'));
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('set-cookie')).toMatch(/^rapport_guest_csrf=[^;]+; Path=\/book; HttpOnly; SameSite=Strict$/);
    // A zone the server does not know is not trusted: the host's zone is shown instead.
    expect(await (await fetch(`${coffee.link}?tz=Mars%2FBase`)).text()).toContain('your host’s time zone');
  });

  it('answers an unknown link with a 404 page that says what to do, without a trace', async () => {
    for (const token of ['x'.repeat(43), 'short', 'manage']) {
      const response = await fetch(`${world.app.url}/book/${token}`);
      expect(response.status).toBe(404);
      const html = await response.text();
      expect(html).toContain('This booking link is not valid. Check that it was copied completely.');
      expect(html).not.toMatch(/at \w+ \(|node_modules|Error:|href="\/app"/);
    }
  });

  it('says so when none of the offered times is free any more (200: the page is the link’s true state)', async () => {
    const coffee = await world.propose('lou@example.com');
    world.setWorkEvents(coffee.slots.map((s, i) => ({ uid: `busy-${i}@test`, start: icsStamp(s.start), end: icsStamp(s.end), summary: 'Busy', attendees: [] })));
    try {
      const page = await openGuestPage(coffee.link);
      expect(page.status).toBe(200);
      expect(page.html).toContain('None of the times offered in this link is free any more');
      expect(radios(page.html)).toEqual([]);
    } finally {
      world.setWorkEvents([]);
    }
  });
});

describe('refused bookings write nothing', () => {
  let coffee: Awaited<ReturnType<BookingWorld['propose']>>;
  beforeAll(async () => {
    coffee = await world.propose('mia@example.com', 'Mia');
  });

  const cases: [string, () => Promise<Response>, number, string][] = [
    ['an unknown link', () => postJson(`${world.app.url}/book/${'A'.repeat(43)}`, { start: coffee.slots[0]!.start }), 404, 'This booking link is not valid'],
    ['a time that was not offered', () => postJson(coffee.link, { start: at(coffee.slots[0]!.start, 15) }), 400, 'That time was not one of the offered times'],
    ['malformed JSON', () => postJson(coffee.link, null, '{"start": '), 400, 'The request body is not valid JSON.'],
    ['no start', () => postJson(coffee.link, { name: 'Mia' }), 400, 'start: give the chosen time as an ISO 8601 date and time'],
    ['a name over 100 characters', () => postJson(coffee.link, { start: coffee.slots[0]!.start, name: 'n'.repeat(101) }), 400, 'at most 100 characters'],
    ['an invalid email', () => postJson(coffee.link, { start: coffee.slots[0]!.start, email: 'mia@' }), 400, 'does not look right'],
    ['an unknown field', () => postJson(coffee.link, { start: coffee.slots[0]!.start, admin: true }), 400, 'Unknown field admin'],
    ['an oversized body', () => postJson(coffee.link, { start: coffee.slots[0]!.start, name: 'x'.repeat(20_000) }), 413, 'too large'],
  ];

  it.each(cases)('JSON with %s is answered with a human message', async (_, send, status, message) => {
    const before = await snapshot(coffee.proposalId);
    const response = await send();
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(((await response.json()) as { error: string }).error).toContain(message);
    expect(await snapshot(coffee.proposalId)).toEqual(before);
    expect(before.proposal?.status).toBe('open');
  });

  it('a form without a valid CSRF token gets a 403 page, with or without the cookie', async () => {
    const before = await snapshot(coffee.proposalId);
    const { cookie } = await openGuestPage(coffee.link);
    for (const response of [
      await postForm(coffee.link, { start: coffee.slots[0]!.start }),
      await postForm(coffee.link, { start: coffee.slots[0]!.start, csrf: 'forged' }, cookie),
      await postForm(coffee.link, { start: coffee.slots[0]!.start, csrf: 'forged' }),
    ]) {
      expect(response.status).toBe(403);
      expect(await response.text()).toContain('Reload the page and try again.');
    }
    // Text that is neither a form nor JSON is refused, not taken for JSON without a token.
    const plain = await fetch(coffee.link, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ start: coffee.slots[0]!.start }) });
    expect(plain.status).toBe(415);
    expect(await snapshot(coffee.proposalId)).toEqual(before);
  });

  it('a time that has passed is refused with 400, and an expired link with 410', async () => {
    const before = await snapshot(coffee.proposalId);
    const first = coffee.slots[0]!.start;
    const past = await world.at(at(first, 1), () => postJson(coffee.link, { start: first }));
    expect(past.status).toBe(400);
    expect(await past.json()).toEqual({ error: 'That time has already passed. Pick a later one.' });

    const expired = at(coffee.expiresAt, 1);
    const page = await world.at(expired, () => fetch(coffee.link));
    expect(page.status).toBe(410);
    expect(await page.text()).toContain('This booking link has expired. Ask for a new one.');
    const post = await world.at(expired, () => postJson(coffee.link, { start: coffee.slots[2]!.start }));
    expect(post.status).toBe(410);
    expect(await snapshot(coffee.proposalId)).toEqual(before);
  });

  it('a form with bad input shows the page again with the message and what was typed (400)', async () => {
    const before = await snapshot(coffee.proposalId);
    const { cookie, csrf } = await openGuestPage(coffee.link);
    const response = await postForm(coffee.link, { csrf, tz: 'Asia/Kolkata', start: coffee.slots[0]!.start, name: 'Mia', email: 'mia@' }, cookie);
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('That email address does not look right');
    expect(html).toContain('value="mia@"');
    expect(html).toContain(`value="${coffee.slots[0]!.start}" required checked>`);
    expect(html).toContain(slotLabel(coffee.slots[0]!, 'Asia/Kolkata'));
    expect(await snapshot(coffee.proposalId)).toEqual(before);
  });

  it('a time taken since the page was shown gets the page again with 409, "just taken" and the times still free', async () => {
    const { cookie, csrf } = await openGuestPage(`${coffee.link}?tz=Asia%2FKolkata`);
    const taken = coffee.slots[2]!;
    world.setWorkEvents([{ uid: 'call@test', start: icsStamp(taken.start), end: icsStamp(taken.end), summary: 'Call', attendees: [] }]);
    try {
      const before = await snapshot(coffee.proposalId);
      const response = await postForm(coffee.link, { csrf, tz: 'Asia/Kolkata', start: taken.start, name: '', email: '' }, cookie);
      expect(response.status).toBe(409);
      const html = await response.text();
      expect(html).toContain('Sorry, that time was just taken. Please pick another one.');
      expect(radios(html)).toEqual([coffee.slots[0]!.start, coffee.slots[1]!.start]);
      expect(await snapshot(coffee.proposalId)).toEqual(before);
    } finally {
      world.setWorkEvents([]);
    }
  });
});
