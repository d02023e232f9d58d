import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDashboard, postForm } from '../../support/app-server.js';
import { startSmtpServer, type TestSmtpServer } from '../../support/smtp.js';
import { mailDepsOf } from '../../../lib/services/deps.js';
import { sendBookingLink } from '../../../lib/services/link-mail.js';
import { startBookingWorld, type BookingWorld } from './booking-scenario.js';

/**
 * "Send link" on the dashboard and the guest's one-click unsubscribe, over real HTTP on
 * DynamoDB Local, with the mail going to a real SMTP server on loopback (RAPPORT_SMTP_URL),
 * read back with mailparser.
 */

let smtp: TestSmtpServer;
let world: BookingWorld;
beforeAll(async () => {
  smtp = await startSmtpServer();
  // This file's worker only: the runtime the world builds reads its configuration from here.
  process.env.RAPPORT_SMTP_URL = smtp.url;
  process.env.RAPPORT_MAIL_FROM = 'Rapport <rapport@northwind.example>';
  world = await startBookingWorld();
});
afterAll(async () => {
  await world?.app.close();
  await smtp?.close();
});

const SECRET_NOTE = 'Private-note-about-the-divorce-5521';
const INJECTED_NAME = 'Jane\r\nBcc: eve@evil.example';
const to = (address: string) => smtp.received.filter((m) => m.envelope.to.includes(address));

describe('sending a proposal’s booking link from the dashboard', () => {
  it('emails the edited message with the named-zone times and the link, once; an opt-out stops the next one', async () => {
    const { store } = world.app.runtime;
    const userId = world.app.userId;
    await store.notes.putMany(userId, [{ id: 'n1', contactEmail: 'jane@example.com', text: SECRET_NOTE, createdAt: '2026-11-20T09:00:00.000Z' }]);
    const coffee = await world.propose('jane@example.com', INJECTED_NAME);
    const sendUrl = `${world.app.url}/app/proposals/${coffee.proposalId}/send-link`;

    const page = await openDashboard(world.app.url);
    expect(page.html).toContain(`action="/app/proposals/${coffee.proposalId}/send-link"`);
    expect(page.html).toContain('Hi Jane,');

    const forged = await postForm(sendUrl, { csrf: 'forged', message: 'x' }, page.cookie);
    expect(forged.status).toBe(403);
    expect(to('jane@example.com')).toHaveLength(0);

    const message = 'Hi Jane,\n\nCoffee soon? <b>Any</b> of these.\n\nAlex';
    const sent = await postForm(sendUrl, { csrf: page.token, message }, page.cookie);
    expect(sent.status).toBe(303);
    expect(sent.headers.get('location')).toBe('/app?link-sent#proposals');
    const again = await postForm(sendUrl, { csrf: page.token, message }, page.cookie);
    expect(again.headers.get('location')).toBe('/app?link-already#proposals');

    const received = to('jane@example.com');
    expect(received).toHaveLength(1);
    const mail = received[0]!;
    expect(mail.envelope.to).toEqual(['jane@example.com']);
    expect(mail.parsed.bcc).toBeUndefined();
    expect(mail.parsed.subject).toBe('Coffee with alex@northwind.example? Pick a time');
    expect(mail.parsed.to && 'value' in mail.parsed.to ? mail.parsed.to.value.map((a) => a.address) : []).toEqual(['jane@example.com']);
    expect(mail.parsed.replyTo?.value[0]?.address).toBe('alex@northwind.example');
    expect(mail.parsed.text).toContain('Coffee soon? <b>Any</b> of these.');
    expect(mail.parsed.text).toMatch(/\w{3} \d{1,2} \w{3}, \d{2}:\d{2} \(Europe\/London\)/);
    expect(mail.parsed.text).toContain(`/book/${coffee.token}`);
    expect(mail.parsed.html).toContain('&lt;b&gt;Any&lt;/b&gt;');
    expect(mail.raw).not.toContain(SECRET_NOTE);
    // mailparser folds the List-* headers into one `list` object (RFC 2369 / RFC 8058).
    const list = mail.parsed.headers.get('list') as { unsubscribe?: { url?: string }; 'unsubscribe-post'?: { name?: string } };
    expect(list['unsubscribe-post']?.name).toBe('List-Unsubscribe=One-Click');

    const after = await fetch(`${world.app.url}/app?link-sent`, { headers: { cookie: page.cookie } });
    const html = await after.text();
    expect(html).toContain('The booking link was emailed.');
    expect(html).toMatch(/data-link-mail="sent"[^>]*>Emailed /);

    // The guest's one-click unsubscribe, from the header as a mail client reads it.
    const unsubscribe = list.unsubscribe?.url ?? '';
    const path = new URL(unsubscribe).pathname;
    expect(path).toMatch(/^\/u\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    const confirm = await fetch(`${world.app.url}${path}`);
    expect(confirm.status).toBe(200);
    expect(await confirm.text()).toContain('Unsubscribe jane@example.com');
    // Opening the link (a scanner, a preview) changes nothing.
    expect(await store.suppressions.reasonFor(userId, 'jane@example.com')).toBeNull();
    const oneClick = await fetch(`${world.app.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(oneClick.status).toBe(200);
    expect(await oneClick.text()).toContain('You are unsubscribed');
    expect(await store.suppressions.reasonFor(userId, 'jane@example.com')).toBe('unsubscribed');

    const resent = await postForm(sendUrl, { csrf: page.token, message, resend: '1' }, page.cookie);
    expect(resent.headers.get('location')).toBe('/app?link-suppressed#proposals');
    expect((await sendBookingLink(mailDepsOf(world.app.runtime), userId, coffee.proposalId, { resend: true }, '2026-11-23T12:00:00.000Z')).outcome).toBe('suppressed');
    expect(to('jane@example.com')).toHaveLength(1);

    const contactPage = await fetch(`${world.app.url}/app/contacts/jane%40example.com`);
    expect(await contactPage.text()).toContain('Opted out of email');
  });

  it('a forged or altered unsubscribe token gets a 400 page in words and records nothing', async () => {
    const forged = await fetch(`${world.app.url}/u/abc.def`, { method: 'POST', body: 'List-Unsubscribe=One-Click' });
    expect(forged.status).toBe(400);
    const body = await forged.text();
    expect(body).toContain('This unsubscribe link is not valid');
    expect(body).not.toMatch(/at \w+ \(/);

    // A real token's payload re-signed by nobody: another address in the same shape.
    const payload = Buffer.from(JSON.stringify([world.app.userId, 'mallory@example.com', 'booking-link'])).toString('base64url');
    const altered = await fetch(`${world.app.url}/u/${payload}.${'A'.repeat(43)}`);
    expect(altered.status).toBe(400);
    expect(await world.app.runtime.store.suppressions.reasonFor(world.app.userId, 'mallory@example.com')).toBeNull();
  });

  it('a message over 5,000 characters is refused with a sentence, and a closed proposal cannot be mailed', async () => {
    const coffee = await world.propose('kenji@example.jp', 'Kenji');
    const page = await openDashboard(world.app.url);
    const long = await postForm(`${world.app.url}/app/proposals/${coffee.proposalId}/send-link`, { csrf: page.token, message: 'x'.repeat(5_001) }, page.cookie);
    expect(long.status).toBe(400);
    expect(await long.text()).toContain('please keep it under 5,000');
    const unknown = await postForm(`${world.app.url}/app/proposals/${'0'.repeat(32)}/send-link`, { csrf: page.token, message: 'hi' }, page.cookie);
    expect(unknown.status).toBe(404);
    expect(to('kenji@example.jp')).toHaveLength(0);
  });
});
