import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDashboard, postForm } from '../../support/app-server.js';
import { postJson, useBookingWorld } from './booking-scenario.js';

/**
 * What the host sees of the coffee loop on the dashboard, over real HTTP on DynamoDB Local:
 * the invitations Rapport's own calendar sent, and the suggestions feed with a way to revoke it.
 */

const { world } = useBookingWorld();

/** The feed address as shown (on the configured base URL), on this test server instead. */
const feedAddressIn = (html: string) => {
  const shown = /id="feed-url" readonly size="70" value="([^"]+)"/.exec(html)?.[1];
  expect(shown).toMatch(/^http:\/\/localhost:3000\/ics\/[^/]+\/suggestions\.ics$/);
  return `${world.app.url}${new URL(shown!).pathname}`;
};

describe('the dashboard after a booking', () => {
  it('lists the invitation written to the outbox, with the guest escaped, and only for this user', async () => {
    const coffee = await world.propose('mia@example.com', 'Mia');
    const booked = await postJson(`${world.app.url}/book/${coffee.token}`, { start: coffee.slots[0]!.start, name: 'Mia <i>Rossi</i>' });
    expect(booked.status).toBe(201);

    // Another local user's coffee in the shared outbox folder.
    writeFileSync(join(world.app.runtime.config.dataDir, 'invitations', '20261123T120000000Z-someoneelses0coffee-REQUEST.ics'), 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n');

    const { html } = await openDashboard(world.app.url);
    const section = html.slice(html.indexOf('id="invitations"'), html.indexOf('id="calendars"'));
    expect(section).toContain('Invitation');
    expect(section).toContain('Mia &lt;i&gt;Rossi&lt;/i&gt;');
    expect(section).not.toContain('<i>Rossi');
    expect(section).toContain('mia@example.com');
    const proposal = await world.app.runtime.store.proposals.get(world.app.userId, coffee.proposalId);
    expect(section).not.toContain('someoneelses0coffee');
    expect(section).toMatch(new RegExp(`<code>\\d{8}T\\d{9}Z-${proposal!.booking!.eventId}-REQUEST\\.ics</code>`));
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
