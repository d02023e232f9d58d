import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postForm } from '../../support/app-server.js';
import { calendarPartOf, startSmtpServer, type ReceivedMail, type TestSmtpServer } from '../../support/smtp.js';
import { openGuestPage, postJson, useBookingWorld } from './booking-scenario.js';

/**
 * The coffee loop with RAPPORT_SMTP_URL set, end to end: real HTTP, DynamoDB Local, a real SMTP
 * server on loopback, messages read back with mailparser and their iCalendar with ical.js. An
 * ICS-only host (Rapport's own calendar) sends the guest iMIP invitations and gets an alert.
 */

const HOST = 'alex@northwind.example';
let smtp: TestSmtpServer;
beforeAll(async () => {
  smtp = await startSmtpServer();
  process.env.RAPPORT_SMTP_URL = smtp.url;
  process.env.RAPPORT_MAIL_FROM = 'Rapport <rapport@northwind.example>';
});
const { world, store, userId } = useBookingWorld();
afterAll(async () => {
  delete process.env.RAPPORT_SMTP_URL;
  delete process.env.RAPPORT_MAIL_FROM;
  await smtp.close();
});

interface Itip {
  method: string;
  start: string;
  sequence: number;
  status: string;
  uid: string;
  organizer: string;
  attendees: { value: string; rsvp?: string; partstat?: string }[];
}

function itipOf(mail: ReceivedMail): Itip & { contentType: string } {
  const part = calendarPartOf(mail);
  expect(part, 'the message has a text/calendar part').not.toBeNull();
  const calendar = new ICAL.Component(ICAL.parse(part!.ics) as unknown[]);
  const event = calendar.getFirstSubcomponent('vevent')!;
  return {
    contentType: part!.contentType,
    method: String(calendar.getFirstPropertyValue('method')),
    start: (event.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate().toISOString(),
    sequence: Number(event.getFirstPropertyValue('sequence')),
    status: String(event.getFirstPropertyValue('status')),
    uid: String(event.getFirstPropertyValue('uid')),
    organizer: String(event.getFirstPropertyValue('organizer')),
    attendees: event.getAllProperties('attendee').map((p) => ({ value: String(p.getFirstValue()), rsvp: p.getParameter('rsvp') as string | undefined, partstat: p.getParameter('partstat') as string | undefined })),
  };
}

const mailTo = (address: string) => smtp.received.filter((m) => m.envelope.to.includes(address));
const invitationsTo = (address: string) => mailTo(address).filter((m) => calendarPartOf(m) !== null);

async function book(email: string, name: string, pick = 0) {
  const coffee = await world.propose(email, name);
  const response = await postJson(coffee.link, { start: coffee.slots[pick]!.start, name, email });
  expect(response.status).toBe(201);
  const { manageUrl } = (await response.json()) as { manageUrl: string };
  return { coffee, managePath: new URL(manageUrl).pathname };
}

describe('with RAPPORT_SMTP_URL set', () => {
  it('booking, moving and cancelling deliver REQUEST, REQUEST with SEQUENCE+1, and CANCEL to the guest; the host gets an alert each time', async () => {
    const { coffee, managePath } = await book('jane@example.com', 'Jane Doe');
    const [invite] = invitationsTo('jane@example.com');
    expect(invitationsTo('jane@example.com')).toHaveLength(1);
    const first = itipOf(invite!);
    expect(first.contentType).toMatch(/^text\/calendar;.*method=REQUEST/i);
    expect(first).toMatchObject({ method: 'REQUEST', start: coffee.slots[0]!.start, sequence: 0, status: 'CONFIRMED', organizer: `mailto:${HOST}` });
    expect(first.attendees).toContainEqual({ value: 'mailto:jane@example.com', rsvp: 'TRUE', partstat: 'NEEDS-ACTION' });
    expect(invite!.parsed.attachments.some((a) => a.filename === 'invite.ics')).toBe(true);
    expect(invite!.parsed.replyTo?.value[0]?.address).toBe(HOST);
    expect(invite!.envelope.to).toEqual(['jane@example.com']);
    const alerts = mailTo(HOST);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.parsed.subject).toMatch(/^Jane Doe booked \w{3} \d+ \w{3} \d\d:\d\d$/);

    // The confirmation page tells the truth: it was emailed.
    const manage = await openGuestPage(`${world.app.url}${managePath}?booked=1`);
    expect(manage.html).toContain('The invitation is on its way to your email');

    const moved = await postForm(`${world.app.url}${managePath}/move`, { csrf: manage.csrf, start: coffee.slots[1]!.start }, manage.cookie);
    expect(moved.status).toBe(303);
    const second = itipOf(invitationsTo('jane@example.com')[1]!);
    expect(second).toMatchObject({ method: 'REQUEST', start: coffee.slots[1]!.start, sequence: 1, uid: first.uid });

    const cancelled = await postForm(`${world.app.url}${managePath}/cancel`, { csrf: manage.csrf }, manage.cookie);
    expect(cancelled.status).toBe(303);
    const third = invitationsTo('jane@example.com')[2]!;
    const cancel = itipOf(third);
    expect(cancel.contentType).toMatch(/method=CANCEL/i);
    expect(cancel).toMatchObject({ method: 'CANCEL', status: 'CANCELLED', sequence: 2, uid: first.uid });
    expect(invitationsTo('jane@example.com')).toHaveLength(3);
    expect(mailTo(HOST).map((m) => m.parsed.subject)).toEqual([
      expect.stringMatching(/^Jane Doe booked /),
      expect.stringMatching(/^Jane Doe moved your coffee to /),
      expect.stringMatching(/^Jane Doe cancelled /),
    ]);

    // A sweep later nothing more goes out: every message was sent exactly once.
    const { sweep } = await import('../../../lib/services/sweep.js');
    const before = smtp.received.length;
    await sweep(world.app.runtime, userId(), '2026-11-23T12:30:00.000Z');
    expect(smtp.received.length).toBe(before);
  });

  it('50 guests racing for one time: one booking, one invitation delivered', async () => {
    const coffee = await world.propose('race@example.com', 'Racer');
    const start = coffee.slots[0]!.start;
    const responses = await Promise.all(Array.from({ length: 50 }, (_, i) => postJson(coffee.link, { start, name: `Racer ${i}`, email: 'race@example.com' })));
    expect(responses.filter((r) => r.status === 201)).toHaveLength(1);
    expect(invitationsTo('race@example.com')).toHaveLength(1);
  }, 60_000);

  it('a guest name or title with CRLF and Bcc: cannot add a header or a recipient', async () => {
    // The booking page refuses control characters in a name; the contact's name (from a calendar) reaches the title.
    const coffee = await world.propose('eve@example.com', 'Eve\r\nBcc: mallory@evil.example');
    const response = await postJson(coffee.link, { start: coffee.slots[0]!.start });
    expect(response.status).toBe(201);
    const [invite] = invitationsTo('eve@example.com');
    expect(invite!.envelope.to).toEqual(['eve@example.com']);
    expect(invite!.parsed.bcc).toBeUndefined();
    expect(invite!.parsed.headers.has('bcc')).toBe(false);
    expect(invite!.raw).not.toMatch(/^Bcc:/im);
    expect(smtp.received.some((m) => m.envelope.to.includes('mallory@evil.example'))).toBe(false);
    // The name is still there, as text on one line.
    expect(invite!.parsed.subject).toContain('Eve Bcc: mallory@evil.example');
    const alert = mailTo(HOST).find((m) => m.parsed.subject?.includes('Eve'));
    expect(alert!.raw).not.toMatch(/^Bcc:/im);
  });

  it('a message the SMTP server refuses for good (550) is shown as failed, with the reason, on the outbox page', async () => {
    smtp.refuseNext(550, 'Mailbox unavailable');
    await book('nobody@example.com', 'Nobody');
    const page = await (await fetch(`${world.app.url}/app/outbox`)).text();
    expect(page).toContain('failed');
    expect(page).toContain('550 Mailbox unavailable');
    expect(page).not.toContain('set RAPPORT_SMTP_URL to send');
    const records = await store().mail.list(userId());
    expect(records.filter((r) => r.status === 'failed')).toHaveLength(1);
  });
});
