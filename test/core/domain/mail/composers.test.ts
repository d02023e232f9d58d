import { describe, expect, it } from 'vitest';
import type { Contact } from '../../../../lib/core/domain/contact.js';
import { isValidMailId, type MailMessage } from '../../../../lib/core/domain/mail.js';
import { composeDigestMail } from '../../../../lib/core/domain/mail/digest-mail.js';
import { composeFollowUpMail, newPeopleMet } from '../../../../lib/core/domain/mail/follow-up-mail.js';
import { composeLinkMail, defaultLinkMessage, MAX_LINK_MESSAGE_LENGTH } from '../../../../lib/core/domain/mail/link-mail.js';
import type { Proposal } from '../../../../lib/core/domain/proposal.js';

const BASE = 'https://rapport.example';
const INJECTION = 'Jane\r\nBcc: eve@evil.example\r\n\r\n<script>alert(1)</script>';
const RTL = 'שרה כהן';

function contact(email: string, overrides: Partial<Contact> = {}): Contact {
  return { email, tier: 'close', nextDueAt: '2026-12-08T09:00:00.000Z', ignored: false, ...overrides };
}

function proposal(overrides: Partial<Proposal> = {}): Proposal {
  return {
    id: 'abc123',
    contactEmail: 'jane@example.com',
    contactName: 'Jane Doe',
    calendarId: 'rapport',
    createdAt: '2026-12-03T08:00:00.000Z',
    expiresAt: '2026-12-10T08:00:00.000Z',
    status: 'open',
    slots: [
      { start: '2026-12-10T10:30:00.000Z', end: '2026-12-10T11:00:00.000Z', holdId: 'h1' },
      { start: '2026-12-11T15:00:00.000Z', end: '2026-12-11T15:30:00.000Z', holdId: 'h2' },
    ],
    tokenHash: 'x',
    ...overrides,
  };
}

function linkMail(overrides: Partial<Parameters<typeof composeLinkMail>[0]> = {}): MailMessage {
  return composeLinkMail({
    proposalId: 'abc123',
    sendNumber: 1,
    to: { email: 'jane@example.com', name: 'Jane Doe' },
    host: { name: 'Alex Host', email: 'alex@example.com' },
    slots: proposal().slots,
    zone: 'Europe/London',
    link: `${BASE}/book/TOKEN`,
    message: defaultLinkMessage('Jane Doe', 'Alex Host'),
    unsubscribeUrl: `${BASE}/u/UNSUB`,
    ...overrides,
  });
}

/** What must hold for every message whatever went into it. */
function expectSafe(message: MailMessage): void {
  expect(message.subject).not.toMatch(/[\r\n\u0085\u2028\u2029]/);
  expect(message.to.name ?? '').not.toMatch(/[\r\n]/);
  expect(message.html).not.toContain('<script');
  expect(isValidMailId(message.id)).toBe(true);
}

describe('the booking-link email to a contact', () => {
  it('names the zone of every offered time, ends with the link, and is one send per proposal', () => {
    const message = linkMail();
    expect(message).toMatchObject({ id: 'link.abc123', kind: 'booking-link', to: { email: 'jane@example.com', name: 'Jane Doe' }, unsubscribeUrl: `${BASE}/u/UNSUB` });
    expect(message.text).toContain('Thu 10 Dec, 10:30 (Europe/London)');
    expect(message.text).toContain('Fri 11 Dec, 15:00 (Europe/London)');
    expect(message.text).toContain(`Pick one here: ${BASE}/book/TOKEN`);
    expect(message.html).toContain(`href="${BASE}/book/TOKEN"`);
    expect(message.text.startsWith('Hi Jane,')).toBe(true);
    expectSafe(message);
  });

  it('shows the times in the zone it is given (the contact\u2019s when known)', () => {
    expect(linkMail({ zone: 'Pacific/Chatham' }).text).toContain('Fri 11 Dec, 00:15 (Pacific/Chatham)');
  });

  it('a deliberate resend has its own id; the first send keeps the plain one', () => {
    expect(linkMail({ sendNumber: 2 }).id).toBe('link.abc123.2');
  });

  it('the times and the link survive whatever the user wrote, even an empty message', () => {
    const message = linkMail({ message: '' });
    expect(message.text).toContain('Thu 10 Dec, 10:30 (Europe/London)');
    expect(message.text).toContain(`${BASE}/book/TOKEN`);
  });

  it('header injection in names and in the message adds no header, no recipient and no markup', () => {
    const message = linkMail({ to: { email: 'jane@example.com', name: INJECTION }, host: { name: `Alex\r\nBcc: eve@evil.example`, email: 'alex@example.com' }, message: INJECTION });
    expectSafe(message);
    expect(message.subject).toBe('Coffee with Alex Bcc: eve@evil.example? Pick a time');
    expect(message.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(message.to.email).toBe('jane@example.com');
  });

  it('a 10,000-character message is cut, and the times and link still follow it', () => {
    const message = linkMail({ message: 'x'.repeat(10_000) });
    expect(message.text).not.toContain('x'.repeat(MAX_LINK_MESSAGE_LENGTH + 1));
    expect(message.text).toContain('…');
    expect(message.text).toContain(`${BASE}/book/TOKEN`);
  });

  it('keeps non-ASCII and right-to-left names as they are, marked for the reader\u2019s direction', () => {
    const message = linkMail({ to: { email: 'sara@example.co.il', name: RTL }, message: defaultLinkMessage(RTL, 'Zoë Ångström') });
    expect(message.text.startsWith('Hi שרה,')).toBe(true);
    expect(message.text).toContain('Zoë Ångström');
    expect(message.html).toContain('<p dir="auto">Hi שרה,</p>');
    expect(message.to.name).toBe(RTL);
  });

  it('greets with a plain "Hi," when the name is not a name', () => {
    expect(defaultLinkMessage('<b>x</b>', undefined).split('\n')[0]).toBe('Hi,');
  });
});

describe('the weekly digest to the user', () => {
  const input = {
    week: '2026-W50',
    zone: 'Pacific/Chatham',
    baseUrl: BASE,
    to: { email: 'alex@example.com' },
    due: [contact('jane@example.com', { name: INJECTION })],
    waiting: [proposal({ contactName: RTL })],
    booked: [proposal({ id: 'p2', contactEmail: 'kenji@example.jp', status: 'booked', booking: { start: '2026-12-10T10:30:00.000Z', end: '2026-12-10T11:00:00.000Z', eventId: 'e', guestEmail: 'kenji@example.jp', guestName: 'Kenji', bookedAt: '2026-12-04T00:00:00.000Z', status: 'confirmed' } })],
    followUps: [contact('ines@example.pt', { name: 'Inês', firstMetAtTitle: 'Founders\r\nBcc: x@y.z meetup' })],
    unsubscribeUrl: `${BASE}/u/UNSUB`,
  };

  it('lists who is due, waiting, booked and to follow up, each with an absolute link into the dashboard', () => {
    const message = composeDigestMail(input);
    expect(message).toMatchObject({ id: 'digest.2026-W50', kind: 'digest', unsubscribeUrl: `${BASE}/u/UNSUB` });
    expect(message.subject).toBe('Your week in Rapport: 1 due, 1 waiting, 1 booked, 1 to follow up');
    expect(message.text).toContain(`${BASE}/app/contacts/jane%40example.com`);
    expect(message.text).toContain(`${BASE}/app#proposals`);
    expect(message.text).toContain('Kenji (kenji@example.jp), Fri 11 Dec, 00:15 (Pacific/Chatham)');
    expect(message.text).toContain(`${BASE}/app/review`);
    expect(message.html).toContain(`href="${BASE}/app/contacts/ines%40example.pt"`);
    expectSafe(message);
  });

  it('untrusted names and titles are escaped and cannot break a line', () => {
    const message = composeDigestMail(input);
    expect(message.html).toContain('&lt;script&gt;');
    expect(message.text).not.toMatch(/^Bcc:/m);
    expect(message.html).toContain(RTL);
  });

  it('a long list is cut with a link to the rest', () => {
    const many = Array.from({ length: 40 }, (_, i) => contact(`p${i}@example.com`));
    const message = composeDigestMail({ ...input, due: many });
    expect(message.text).toContain(`… and 25 more: ${BASE}/app#due`);
  });
});

describe('the next-day follow-up email to the user', () => {
  const people = [
    contact('ines@example.pt', { name: 'Inês Silva', firstMetAt: '2026-12-06T09:00:00.000Z', firstMetAtTitle: 'London Founders Meetup' }),
    contact('eve@example.com', { name: INJECTION, firstMetAt: '2026-12-06T10:00:00.000Z', firstMetAtTitle: `Evil\r\nBcc: x@y.z ${'long '.repeat(2_000)}` }),
  ];

  it('carries each new person\u2019s prepared draft, a link that opens it and a link to their page', () => {
    const message = composeFollowUpMail({ localDate: '2026-12-07', baseUrl: BASE, to: { email: 'alex@example.com' }, people, signature: 'Alex', unsubscribeUrl: `${BASE}/u/UNSUB` });
    expect(message).toMatchObject({ id: 'follow-up.2026-12-07', kind: 'follow-up' });
    expect(message.subject).toBe('Follow up with the 2 people you met yesterday');
    expect(message.text).toContain('It was good to meet you at London Founders Meetup.');
    expect(message.html).toContain('href="mailto:ines@example.pt?subject=Good%20to%20meet%20you%20at%20London%20Founders%20Meetup');
    expect(message.html).toContain(`href="${BASE}/app/contacts/ines%40example.pt"`);
    expectSafe(message);
    expect(message.html).toContain('&lt;script&gt;');
    expect(message.text.length).toBeLessThan(5_000);
    expect(message.text).not.toContain('long '.repeat(100));
  });

  it('takes the people first met in the day it covers, not ignored, not already followed up', () => {
    const all = [
      ...people,
      contact('before@example.com', { firstMetAt: '2026-12-05T23:59:59.000Z' }),
      contact('after@example.com', { firstMetAt: '2026-12-07T00:00:00.000Z' }),
      contact('done@example.com', { firstMetAt: '2026-12-06T11:00:00.000Z', followUpDoneAt: '2026-12-06T12:00:00.000Z' }),
      contact('ignored@example.com', { firstMetAt: '2026-12-06T11:00:00.000Z', ignored: true }),
    ];
    expect(newPeopleMet(all, '2026-12-06T00:00:00.000Z', '2026-12-07T00:00:00.000Z').map((c) => c.email)).toEqual(['ines@example.pt', 'eve@example.com']);
  });
});
