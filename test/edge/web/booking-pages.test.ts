import { describe, expect, it } from 'vitest';
import { renderBookingPage, renderNoTimesLeft, type BookingPageView } from '../../../lib/edge/web/booking-page.js';
import { guestErrorPage } from '../../../lib/edge/web/guest-page.js';
import { slotLabel } from '../../../lib/edge/web/guest-time.js';
import { renderManagePage, type ManagePageView } from '../../../lib/edge/web/manage-page.js';

const shell = { nonce: 'n0nce', detectZone: true };
const slots = [
  { start: '2026-12-01T08:30:00.000Z', end: '2026-12-01T09:00:00.000Z' },
  { start: '2026-12-03T09:00:00.000Z', end: '2026-12-03T09:30:00.000Z' },
];
const view: BookingPageView = {
  path: '/book/tok',
  host: 'alex@northwind.example',
  contactName: 'Jane <img src=x onerror=alert(1)>',
  durationMinutes: 30,
  place: { kind: 'place', text: 'Café "Bar" <b>&</b> co' },
  hostZone: 'Europe/London',
  zone: { zone: 'Asia/Kolkata', chosen: true },
  slots,
  csrfToken: 'csrf-token',
  now: '2026-11-23T12:00:00.000Z',
};

describe('times in the guest zone', () => {
  it('names the day, both ends and the zone', () => {
    expect(slotLabel(slots[0]!, 'Asia/Kolkata')).toBe('Tue 1 Dec, 14:00–14:30 (India Standard Time)');
    expect(slotLabel(slots[0]!, 'Europe/London')).toBe('Tue 1 Dec, 08:30–09:00 (Greenwich Mean Time)');
    expect(slotLabel({ start: '2027-07-06T08:30:00.000Z', end: '2027-07-06T09:00:00.000Z' }, 'Europe/London')).toBe(
      'Tue 6 Jul, 09:30–10:00 (British Summer Time)',
    );
  });

  it('names both days when the coffee crosses midnight where the guest is', () => {
    expect(slotLabel({ start: '2026-12-01T10:45:00.000Z', end: '2026-12-01T11:15:00.000Z' }, 'Pacific/Auckland')).toBe(
      'Tue 1 Dec, 23:45–Wed 2 Dec, 00:15 (New Zealand Daylight Time)',
    );
  });
});

describe('the booking page', () => {
  const html = renderBookingPage(view, shell).value;

  it('escapes every untrusted string', () => {
    expect(html).toContain('Jane &lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('Café &quot;Bar&quot; &lt;b&gt;&amp;&lt;/b&gt; co');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>&</b>');
  });

  it('offers each time as a labelled radio in a fieldset, posting the exact instant', () => {
    expect(html).toMatch(/<fieldset><legend>Pick a time<\/legend>/);
    for (const [i, slot] of slots.entries()) {
      expect(html).toContain(`<input type="radio" id="time-${i}" name="start" value="${slot.start}" required>`);
      expect(html).toContain(`<label for="time-${i}">${slotLabel(slot, 'Asia/Kolkata')}</label>`);
    }
    expect(html).toContain('<label for="name">Your name</label>');
    expect(html).toContain('<label for="email">Your email</label>');
    expect(html).toMatch(/<input id="email" name="email" type="email"[^>]* value="">/);
  });

  it('carries the CSRF token and the shown zone in the form, and selects that zone in the picker', () => {
    expect(html).toContain('<input type="hidden" name="csrf" value="csrf-token">');
    expect(html).toContain('<input type="hidden" name="tz" value="Asia/Kolkata">');
    expect(html).toContain('<option value="Asia/Kolkata" selected>');
    expect(html).toContain('<form method="get" action="/book/tok"');
    expect(html).toContain('India Standard Time</strong> (Asia/Kolkata)');
  });

  it('runs only the inline script that carries the nonce, and never links into the dashboard', () => {
    expect(html).toContain('<script nonce="n0nce">');
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html).toContain("resolvedOptions().timeZone");
    expect(html).not.toContain('href="/app"');
    expect(renderBookingPage(view, { nonce: 'n', detectZone: false }).value).not.toContain('resolvedOptions');
  });

  it("says when it shows the host's zone because the guest's is unknown", () => {
    const page = renderBookingPage({ ...view, zone: { zone: 'Europe/London', chosen: false } }, shell).value;
    expect(page).toContain('Greenwich Mean Time</strong> (Europe/London), your host’s time zone');
    expect(page).toContain(`<label for="time-0">${slotLabel(slots[0]!, 'Europe/London')}</label>`);
  });

  it('shows a refused submit again with the error and what the guest typed, escaped', () => {
    const page = renderBookingPage({ ...view, error: 'Sorry, that time was just taken.', input: { start: slots[1]!.start, name: '"><script>x</script>', email: 'a@b.co' } }, shell).value;
    expect(page).toContain('<p class="error" role="alert">Sorry, that time was just taken.</p>');
    expect(page).toContain(`value="${slots[1]!.start}" required checked>`);
    expect(page).toContain('value="&quot;&gt;&lt;script&gt;x&lt;/script&gt;"');
    expect(page).toContain('value="a@b.co"');
  });

  it('says plainly when no offered time is free any more', () => {
    const page = renderNoTimesLeft({ host: 'alex@northwind.example' }, shell).value;
    expect(page).toContain('None of the times offered in this link is free any more');
    expect(page).not.toContain('type="radio"');
  });
});

describe('the manage page', () => {
  const manage: ManagePageView = {
    path: '/book/manage/abc.def',
    host: 'alex@northwind.example',
    booking: { start: slots[0]!.start, end: slots[0]!.end, guestEmail: 'priya@example.in', guestName: '<script>alert(1)</script>' },
    place: { kind: 'place', text: 'Video <call>' },
    hostZone: 'Europe/London',
    zone: { zone: 'Asia/Kolkata', chosen: true },
    alternatives: [slots[1]!],
    csrfToken: 'csrf-token',
    notice: 'You are booked.',
  };

  it('shows the booked time in the guest zone, the place, and the .ics, cancel and move forms', () => {
    const html = renderManagePage(manage, shell).value;
    expect(html).toContain('<strong>Tue 1 Dec, 14:00–14:30 (India Standard Time)</strong>');
    expect(html).toContain('Video &lt;call&gt;');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('href="/book/manage/abc.def/coffee.ics"');
    expect(html).toContain('<form method="post" action="/book/manage/abc.def/cancel">');
    expect(html).toContain('<form method="post" action="/book/manage/abc.def/move">');
    expect(html).toContain(`<label for="time-0">${slotLabel(slots[1]!, 'Asia/Kolkata')}</label>`);
    expect(html).toContain('<p class="card" role="status">You are booked.</p>');
  });

  it('says so when no other offered time is free', () => {
    expect(renderManagePage({ ...manage, alternatives: [] }, shell).value).toContain('None of the other times first offered is still free');
  });
});

describe('guest error pages', () => {
  it('give a heading and the sentence, and no way into the dashboard', () => {
    const html = guestErrorPage(410, 'This booking link has expired. Ask for a new one.').value;
    expect(html).toContain('<h1>This link can no longer be used</h1>');
    expect(html).toContain('This booking link has expired. Ask for a new one.');
    expect(html).not.toContain('/app');
  });

  it('escape the message too', () => {
    expect(guestErrorPage(400, '<i>x</i>').value).toContain('&lt;i&gt;x&lt;/i&gt;');
  });
});
