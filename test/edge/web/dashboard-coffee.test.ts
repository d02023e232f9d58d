import { describe, expect, it } from 'vitest';
import { openDashboard, postForm } from '../../support/app-server.js';
import { postJson, useBookingWorld } from './booking-scenario.js';

/**
 * What the host sees of the coffee loop on the dashboard, over real HTTP on DynamoDB Local:
 * the outbox of what Rapport's own calendar sent, and the suggestions feed with a way to revoke it.
 */

const { world } = useBookingWorld();

/** The feed address as shown (on the configured base URL), on this test server instead. */
const feedAddressIn = (html: string) => {
  const shown = /id="feed-url" readonly size="70" value="([^"]+)"/.exec(html)?.[1];
  expect(shown).toMatch(/^http:\/\/localhost:3000\/ics\/[^/]+\/suggestions\.ics$/);
  return `${world.app.url}${new URL(shown!).pathname}`;
};

describe('the dashboard after a booking', () => {
  it('the outbox page lists the invitation and the host alert, escaped, only this user’s, each downloadable as .eml', async () => {
    const coffee = await world.propose('mia@example.com', 'Mia');
    const booked = await postJson(`${world.app.url}/book/${coffee.token}`, { start: coffee.slots[0]!.start, name: 'Mia <i>Rossi</i>' });
    expect(booked.status).toBe(201);
    const { store } = world.app.runtime;
    // Without a transport the confirmation does not claim an email.
    const { manageUrl } = (await booked.json()) as { manageUrl: string };
    const confirmation = await (await fetch(`${world.app.url}${new URL(manageUrl).pathname}?booked=1`)).text();
    expect(confirmation).not.toContain('on its way to your email');
    expect(confirmation).toContain('kept in the host’s outbox');
    // Another user's message in the same table: never on this user's page, never downloadable.
    await store.mail.record({ userId: 'someone-else', message: { id: 'alert.other.0', kind: 'host-alert', to: { email: 'x@other.example' }, subject: 'Someone else’s coffee', text: 't', html: 'h' }, status: 'kept', createdAt: '2026-11-23T12:00:00.000Z', attempts: 0 });

    const { html: dashboard } = await openDashboard(world.app.url);
    expect(dashboard).toContain('href="/app/outbox"');
    expect(dashboard).toContain('kept in the outbox: set RAPPORT_SMTP_URL to send');

    const page = await (await fetch(`${world.app.url}/app/outbox`)).text();
    expect(page).toContain('kept in the outbox: set RAPPORT_SMTP_URL to send');
    expect(page).toContain('Invitation: Coffee: Mia &lt;i&gt;Rossi&lt;/i&gt;');
    expect(page).toContain('Mia &lt;i&gt;Rossi&lt;/i&gt; booked');
    expect(page).not.toContain('<i>Rossi');
    expect(page).toContain('mia@example.com');
    expect(page).not.toContain('Someone else');

    const proposal = await store.proposals.get(world.app.userId, coffee.proposalId);
    const eml = await fetch(`${world.app.url}/app/outbox/invite.${proposal!.booking!.eventId}.0.REQUEST.eml`);
    expect(eml.status).toBe(200);
    expect(eml.headers.get('content-type')).toBe('message/rfc822');
    const text = await eml.text();
    expect(text).toMatch(/Content-Type: text\/calendar; charset=utf-8; method=REQUEST/);
    expect(text).toMatch(/^To: /m);
    expect((await fetch(`${world.app.url}/app/outbox/alert.other.0.eml`)).status).toBe(404);
    expect((await fetch(`${world.app.url}/app/outbox/..%2F..%2Fetc.eml`)).status).toBe(404);
    // A percent sign that survives the router's one decoding is just a character no id has: 404, not a failure.
    expect((await fetch(`${world.app.url}/app/outbox/a%25zz.eml`)).status).toBe(404);
  });

  it('shows the feed address, and renewing it makes the old address 404 and the new one work', async () => {
    const first = await openDashboard(world.app.url);
    const oldFeed = feedAddressIn(first.html);
    expect((await fetch(oldFeed)).status).toBe(200);

    const refused = await postForm(`${world.app.url}/app/feed/renew`, { csrf: 'forged' }, first.cookie);
    expect(refused.status).toBe(403);
    expect((await fetch(oldFeed)).status).toBe(200);

    const renewed = await postForm(`${world.app.url}/app/feed/renew`, { csrf: first.token }, first.cookie);
    expect(renewed.status).toBe(303);
    expect(renewed.headers.get('location')).toBe('/app?feed-renewed#calendars');
    expect((await fetch(oldFeed)).status).toBe(404);

    const after = await fetch(`${world.app.url}/app?feed-renewed`, { headers: { cookie: first.cookie } });
    const html = await after.text();
    expect(html).toContain('The feed has a new address.');
    const newFeed = feedAddressIn(html);
    expect(newFeed).not.toBe(oldFeed);
    expect((await fetch(newFeed)).status).toBe(200);
  });
});
