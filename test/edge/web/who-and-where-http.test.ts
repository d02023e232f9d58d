import { describe, expect, it } from 'vitest';
import type { UserSettings } from '../../../lib/core/domain/settings.js';
import { openDashboard } from '../../support/app-server.js';
import { COFFEE, HOST_SETTINGS, openGuestPage, useBookingWorld } from './booking-scenario.js';

/**
 * Who invites and where, as guests and the host see it over HTTP: the host's display name and
 * video link on the booking and manage pages, the guest's zone on the dashboard, and settings
 * that refuse a link or a meeting that cannot work, with a sentence and nothing saved.
 */

const LINK = 'https://video.example.com/alex?room=1&pin=2';
const SETTINGS: UserSettings = { ...HOST_SETTINGS, displayName: 'Alex <Morgan> & Co', coffee: { ...COFFEE, meeting: 'video-link', location: LINK } };
const { world, store, userId } = useBookingWorld(SETTINGS);

function postForm(url: string, fields: Record<string, string>, cookie: string): Promise<Response> {
  return fetch(url, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie }, body: new URLSearchParams(fields).toString() });
}

describe('the host and the place on the guest pages', () => {
  it('the booking page names the host by display name (as text) and links the video room', async () => {
    const coffee = await world.propose('jane@example.com', 'Jane');
    const { html } = await openGuestPage(`${coffee.link}?tz=Asia%2FTokyo`);
    expect(html).toContain('<h1>Coffee with Alex &lt;Morgan&gt; &amp; Co</h1>');
    expect(html).toContain('Alex &lt;Morgan&gt; &amp; Co would like to catch up');
    expect(html).toContain(`video call at <a href="https://video.example.com/alex?room=1&amp;pin=2" rel="noopener noreferrer">`);
    expect(html).not.toContain('alex@northwind.example would like');
    expect(html).not.toContain('link in the invitation');
  });

  it('a booking keeps the guest zone; the manage page shows the name and link; the dashboard says where the guest books from', async () => {
    const coffee = await world.propose('kenji@example.jp', 'Kenji');
    const page = await openGuestPage(`${coffee.link}?tz=Asia%2FTokyo`);
    const booked = await postForm(coffee.link, { csrf: page.csrf, tz: 'Asia/Tokyo', start: coffee.slots[0]!.start, name: '', email: '' }, page.cookie);
    expect(booked.status).toBe(303);
    const manage = await openGuestPage(`${world.app.url}${booked.headers.get('location')}`);
    expect(manage.html).toContain('<h1>Your coffee with Alex &lt;Morgan&gt; &amp; Co</h1>');
    expect(manage.html).toContain(`<dd>video call at <a href="https://video.example.com/alex?room=1&amp;pin=2"`);

    const stored = await store().proposals.get(userId(), coffee.proposalId);
    expect(stored?.booking).toMatchObject({ guestZone: 'Asia/Tokyo', guestName: 'Kenji' });
    const { html } = await openDashboard(world.app.url);
    expect(html).toContain('Kenji books from Asia/Tokyo');
  });

  it('the JSON booking answers the place and keeps a timeZone', async () => {
    const coffee = await world.propose('ines@example.pt', 'Inês');
    const response = await fetch(coffee.link, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ start: coffee.slots[0]!.start, timeZone: 'Europe/Lisbon' }) });
    expect(response.status).toBe(201);
    expect(((await response.json()) as { event: { location: string } }).event.location).toBe(LINK);
    expect((await store().proposals.get(userId(), coffee.proposalId))?.booking?.guestZone).toBe('Europe/Lisbon');
  });
});

describe('the settings form', () => {
  async function settingsForm(): Promise<{ cookie: string; fields: Record<string, string> }> {
    const response = await fetch(`${world.app.url}/app/settings`);
    const html = await response.text();
    const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0]!;
    const csrf = /name="csrf" value="([^"]+)"/.exec(html)![1]!;
    const fields: Record<string, string> = {
      csrf,
      displayName: 'Alex Morgan',
      ownerEmails: 'alex@northwind.example',
      timeZone: 'Europe/London',
      windows: 'tue 08:30-10:00',
      durationMinutes: '30', stepMinutes: '15', bufferBeforeMinutes: '0', bufferAfterMinutes: '0', minimumNoticeHours: '24', horizonDays: '14',
      maxPerDay: '1', maxPerWeek: '3', optionsPerProposal: '3', linkLifetimeDays: '7', proposalHour: '8',
    };
    return { cookie, fields };
  }

  it('shows the display name and the place choice, pre-filled', async () => {
    const html = await (await fetch(`${world.app.url}/app/settings`)).text();
    expect(html).toContain('id="displayName" name="displayName"');
    expect(html).toContain('value="Alex &lt;Morgan&gt; &amp; Co"');
    expect(html).toContain('<option value="video-link" selected>');
  });

  it.each([
    ['http://video.example.com/alex', 'must be your video link starting with https://'],
    ['javascript:alert(1)', 'must be your video link starting with https://'],
    ['https://video.example.com/a b', 'must be your video link starting with https://'],
  ])('refuses %s as a video link with 400 and a sentence, saving nothing', async (link, message) => {
    const { cookie, fields } = await settingsForm();
    const response = await postForm(`${world.app.url}/app/settings`, { ...fields, meeting: 'video-link', location: link }, cookie);
    expect(response.status).toBe(400);
    const body = await response.text();
    expect(body).toContain(message);
    expect(body).not.toMatch(/at .*\.ts:\d+/);
    expect((await store().profiles.get(userId()))?.coffee?.location).toBe(LINK);
  });

  it('refuses Google Meet or Teams when coffees go to Rapport\u2019s own calendar, saying what to do', async () => {
    const { cookie, fields } = await settingsForm();
    for (const [meeting, says] of [['google-meet', 'Google Meet links are made by Google Calendar'], ['teams', 'Microsoft Teams links are made by Outlook']] as const) {
      const response = await postForm(`${world.app.url}/app/settings`, { ...fields, meeting, location: '' }, cookie);
      expect(response.status).toBe(400);
      const body = await response.text();
      expect(body).toContain(says);
      expect(body).toContain('choose a place or your own video link');
    }
    expect((await store().profiles.get(userId()))?.coffee?.meeting).toBe('video-link');
  });

  it('refuses a name with a line break, and saves a good name and place', async () => {
    const { cookie, fields } = await settingsForm();
    const broken = await postForm(`${world.app.url}/app/settings`, { ...fields, displayName: 'Alex\r\nBCC: x', meeting: 'place', location: 'Café' }, cookie);
    expect(broken.status).toBe(400);
    expect(await broken.text()).toContain('displayName must be one line');
    const saved = await postForm(`${world.app.url}/app/settings`, { ...fields, displayName: '  Alex Morgan ', meeting: 'place', location: 'The Corner Café' }, cookie);
    expect(saved.status).toBe(303);
    const settings = await store().profiles.get(userId());
    expect(settings).toMatchObject({ displayName: 'Alex Morgan', coffee: { meeting: 'place', location: 'The Corner Café' } });
    // Put the file's settings back for any test after this one.
    await store().profiles.put(userId(), SETTINGS);
  });
});
