import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Contact } from '../../lib/core/domain/contact.js';
import type { MailSettings } from '../../lib/core/domain/mail/mail-settings.js';
import { DEFAULT_MAIL_SETTINGS } from '../../lib/core/domain/mail/mail-settings.js';
import type { Proposal } from '../../lib/core/domain/proposal.js';
import type { UserSettings } from '../../lib/core/domain/settings.js';
import type { Store } from '../../lib/core/ports/store.js';
import { createSmtpTransport } from '../../lib/adapters/mail/smtp.js';
import { silentLogger } from '../../lib/runtime/log.js';
import { createMailer } from '../../lib/services/mail-delivery.js';
import type { MailDeps } from '../../lib/services/mail-deps.js';
import { mailProposedLinks } from '../../lib/services/proposal-links.js';
import { sendScheduledMail } from '../../lib/services/scheduled-mail.js';
import { unsubscribe } from '../../lib/services/unsubscribe.js';
import { freshTable, uniqueUserId } from '../support/dynamo.js';
import { startSmtpServer, type ReceivedMail, type TestSmtpServer } from '../support/smtp.js';

/**
 * The user's own scheduled emails end to end: DynamoDB Local, the real mailer, a real SMTP
 * server on loopback, mailparser. The clock is injected; every instant is written out.
 */

let store: Store;
let smtp: TestSmtpServer;
beforeAll(async () => {
  store = (await freshTable()).store;
  smtp = await startSmtpServer();
});
afterAll(() => smtp.close());

const BASE = 'https://rapport.example';

function depsAt(clock: { now: string }): MailDeps {
  const transport = createSmtpTransport({ host: '127.0.0.1', port: smtp.port, secure: false, requireTls: false });
  const mailer = createMailer({ store, transport, from: { email: 'rapport@northwind.example', name: 'Rapport' }, now: () => clock.now, logger: silentLogger });
  return { store, outbox: store.mail, suppressions: store.suppressions, mailer, signingKey: KEY, baseUrl: BASE };
}
const KEY = randomBytes(32);

async function userIn(timeZone: string, mail: Partial<MailSettings> = {}): Promise<{ userId: string; email: string }> {
  const userId = uniqueUserId();
  const email = `${userId.toLowerCase().replace(/[^a-z0-9]/g, '')}@owner.example`;
  const settings: UserSettings = {
    ownerEmails: [email],
    timeZone,
    tierCadenceDays: { close: 30, 'keep-warm': 90, acquaintance: 180 },
    defaultTier: 'acquaintance',
    tierByEmail: {},
    smallMeetingMaxPeople: 8,
    mail: { ...DEFAULT_MAIL_SETTINGS, ...mail },
  };
  await store.profiles.put(userId, settings);
  return { userId, email };
}

function person(email: string, overrides: Partial<Contact>): Contact {
  return { email, tier: 'close', nextDueAt: null, ignored: false, ...overrides };
}

const inboxOf = (address: string): ReceivedMail[] => smtp.received.filter((m) => m.envelope.to.includes(address));
const subjects = (address: string) => inboxOf(address).map((m) => m.parsed.subject);

describe('the weekly digest and the follow-up email, delivered at their local hour', () => {
  it('in Pacific/Chatham: nothing at 07:59 Monday local, both emails at 08:00, nothing more in that hour', async () => {
    const { userId, email } = await userIn('Pacific/Chatham', { digestWeekday: 'mon', digestHour: 8 });
    await store.contacts.putMany(userId, [
      person('due@example.com', { name: 'Dana <Due>', lastMetAt: '2026-10-01T00:00:00.000Z', nextDueAt: '2026-12-01T00:00:00.000Z' }),
      // Sunday 6 December, 19:00 local (UTC+13:45): yesterday, seen from Monday morning.
      person('new@example.com', { name: 'Nikau', tier: null, firstMetAt: '2026-12-06T05:15:00.000Z', firstMetAtTitle: 'Chatham\r\nBcc: eve@evil.example Islands meetup' }),
    ]);
    // The meeting that made Nikau a contact (sync records both), and one with Dana the same day.
    await store.meetings.putMany(userId, [
      { instanceKey: 'meetup', uid: 'meetup', start: '2026-12-06T05:15:00.000Z', end: '2026-12-06T07:00:00.000Z', with: ['new@example.com'], names: {}, size: 'large' },
      { instanceKey: 'coffee', uid: 'coffee', start: '2026-12-06T03:00:00.000Z', end: '2026-12-06T03:30:00.000Z', with: ['due@example.com'], names: {}, size: 'small' },
    ]);
    const clock = { now: '2026-12-06T18:14:00.000Z' };
    const deps = depsAt(clock);
    expect(await sendScheduledMail(deps, userId, clock.now)).toEqual({});
    clock.now = '2026-12-06T18:15:00.000Z';
    expect(await sendScheduledMail(deps, userId, clock.now)).toEqual({ digest: 'sent', followUp: 'sent' });
    clock.now = '2026-12-06T18:30:00.000Z';
    expect(await sendScheduledMail(deps, userId, clock.now)).toEqual({});

    expect(subjects(email).sort()).toEqual(['Follow up with the person you met yesterday', 'Your week in Rapport: 1 due, 0 waiting, 0 booked, 1 to follow up']);
    const digest = inboxOf(email).find((m) => m.parsed.subject?.startsWith('Your week'))!;
    expect(digest.envelope.to).toEqual([email]);
    expect(digest.parsed.html).toContain(`href="${BASE}/app/contacts/due%40example.com"`);
    expect(digest.parsed.html).toContain('Dana &lt;Due&gt;');
    expect((digest.parsed.headers.get('list') as { unsubscribe?: { url?: string } }).unsubscribe?.url).toMatch(new RegExp(`^${BASE}/u/`));
    expect(await store.mail.get(userId, 'digest.2026-W50')).toMatchObject({ status: 'sent' });

    const followUp = inboxOf(email).find((m) => m.parsed.subject?.startsWith('Follow up'))!;
    expect(followUp.parsed.text).toContain('It was good to meet you at Chatham Bcc: eve@evil.example Islands meetup.');
    expect(followUp.parsed.bcc).toBeUndefined();
    expect(followUp.envelope.to).toEqual([email]);
    expect(await store.mail.get(userId, 'follow-up.2026-12-07')).toMatchObject({ status: 'sent' });
  });

  it('in London across the spring change: Monday 08:00 is 08:00 UTC one week and 07:00 UTC the next', async () => {
    const { userId, email } = await userIn('Europe/London', { digestWeekday: 'mon', digestHour: 8, followUpMail: false });
    await store.contacts.putMany(userId, [person('due@example.com', { lastMetAt: '2026-01-01T00:00:00.000Z', nextDueAt: '2026-02-01T00:00:00.000Z' })]);
    const clock = { now: '2026-03-23T07:00:00.000Z' };
    const deps = depsAt(clock);
    expect(await sendScheduledMail(deps, userId, clock.now)).toEqual({});
    clock.now = '2026-03-23T08:00:00.000Z';
    expect(await sendScheduledMail(deps, userId, clock.now)).toEqual({ digest: 'sent' });
    clock.now = '2026-03-30T07:00:00.000Z';
    expect(await sendScheduledMail(deps, userId, clock.now)).toEqual({ digest: 'sent' });
    clock.now = '2026-03-30T08:00:00.000Z';
    expect(await sendScheduledMail(deps, userId, clock.now)).toEqual({});
    expect(inboxOf(email)).toHaveLength(2);
    expect(await store.mail.get(userId, 'digest.2026-W13')).toMatchObject({ status: 'sent', sentAt: '2026-03-23T08:00:00.000Z' });
    expect(await store.mail.get(userId, 'digest.2026-W14')).toMatchObject({ status: 'sent', sentAt: '2026-03-30T07:00:00.000Z' });
  });

  it('a week with nothing to say and a morning with nobody new send nothing', async () => {
    const { userId, email } = await userIn('Europe/London', { digestWeekday: 'mon', digestHour: 8 });
    expect(await sendScheduledMail(depsAt({ now: '2026-03-23T08:00:00.000Z' }), userId, '2026-03-23T08:00:00.000Z')).toEqual({ digest: 'nothing-to-say', followUp: 'nothing-to-say' });
    expect(inboxOf(email)).toEqual([]);
  });

  it('after the user unsubscribes from the digest, the next digest is suppressed, not sent', async () => {
    const { userId, email } = await userIn('Europe/London', { digestWeekday: 'mon', digestHour: 8, followUpMail: false });
    await store.contacts.putMany(userId, [person('due@example.com', { lastMetAt: '2026-01-01T00:00:00.000Z', nextDueAt: '2026-02-01T00:00:00.000Z' })]);
    const clock = { now: '2026-03-23T08:00:00.000Z' };
    expect(await sendScheduledMail(depsAt(clock), userId, clock.now)).toEqual({ digest: 'sent' });
    const url = (inboxOf(email)[0]!.parsed.headers.get('list') as { unsubscribe: { url: string } }).unsubscribe.url;
    const claims = await unsubscribe({ signingKey: KEY, suppressions: store.suppressions }, url.slice(url.lastIndexOf('/') + 1), clock.now);
    expect(claims).toEqual({ userId, email, scope: 'digest' });
    clock.now = '2026-03-30T07:00:00.000Z';
    expect(await sendScheduledMail(depsAt(clock), userId, clock.now)).toEqual({ digest: 'suppressed' });
    expect(inboxOf(email)).toHaveLength(1);
  });
});

describe('sending the link automatically when proposed', () => {
  function proposal(id: string, contactEmail: string): Proposal {
    return {
      id,
      contactEmail,
      contactName: 'Ana',
      calendarId: 'rapport',
      createdAt: '2026-11-23T08:00:00.000Z',
      expiresAt: '2026-11-30T08:00:00.000Z',
      status: 'open',
      slots: [{ start: '2026-11-26T09:00:00.000Z', end: '2026-11-26T09:30:00.000Z', holdId: `${id}h` }],
      tokenHash: `${id}-hash`,
    };
  }

  it('is off by default; on, each new proposal’s link goes out once, however often the run is repeated', async () => {
    const off = await userIn('Europe/London');
    const deps = depsAt({ now: '2026-11-23T08:00:00.000Z' });
    await store.proposals.create(off.userId, proposal('p0ff', 'ana.off@example.com'));
    expect(await mailProposedLinks(deps, off.userId, ['p0ff'], '2026-11-23T08:00:00.000Z')).toEqual({});

    const on = await userIn('Europe/London', { autoSendLink: true });
    await store.proposals.create(on.userId, proposal('p0n', 'ana.on@example.com'));
    const report = ['p0n'];
    expect(await mailProposedLinks(deps, on.userId, report, '2026-11-23T08:00:00.000Z')).toEqual({ p0n: 'sent' });
    expect(await mailProposedLinks(deps, on.userId, report, '2026-11-23T08:00:00.000Z')).toEqual({ p0n: 'already' });
    expect(inboxOf('ana.on@example.com')).toHaveLength(1);
    expect(inboxOf('ana.on@example.com')[0]!.parsed.text).toContain('Thu 26 Nov, 09:00 (Europe/London)');
    expect(inboxOf('ana.off@example.com')).toEqual([]);
  });

  it('a run that crashed between proposing and mailing is finished by the next run; older or already-mailed proposals are left alone', async () => {
    const on = await userIn('Europe/London', { autoSendLink: true });
    const deps = depsAt({ now: '2026-11-24T08:00:00.000Z' });
    // Yesterday's run made this proposal and crashed before its link email.
    await store.proposals.create(on.userId, proposal('pcrash', 'ana.crash@example.com'));
    // A proposal from before the last two days: the user may have turned the setting on since.
    await store.proposals.create(on.userId, { ...proposal('pold', 'ana.old@example.com'), createdAt: '2026-11-20T08:00:00.000Z' });
    expect(await mailProposedLinks(deps, on.userId, [], '2026-11-24T08:00:00.000Z')).toEqual({ pcrash: 'sent' });
    // Mailed once: the next run leaves it alone.
    expect(await mailProposedLinks(deps, on.userId, [], '2026-11-24T08:00:00.000Z')).toEqual({});
    expect(inboxOf('ana.crash@example.com')).toHaveLength(1);
    expect(inboxOf('ana.old@example.com')).toEqual([]);
  });
});
