import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSmtpTransport } from '../../../../lib/adapters/mail/smtp.js';
import { DEFAULT_COFFEE_SETTINGS } from '../../../../lib/core/domain/coffee.js';
import type { Store } from '../../../../lib/core/ports/store.js';
import { silentLogger } from '../../../../lib/runtime/log.js';
import { bookCoffee, type BookingDeps } from '../../../../lib/services/booking.js';
import { createMailer } from '../../../../lib/services/mail-delivery.js';
import { proposeForUser, type ProposeDeps } from '../../../../lib/services/propose.js';
import { TEST_SETTINGS } from '../../../support/app-server.js';
import { uniqueUserId } from '../../../support/dynamo.js';
import { startGoogleWorldOnFreshTable, type GoogleWorld } from '../../../support/google.js';
import { startSmtpServer, type TestSmtpServer } from '../../../support/smtp.js';
import { overdueContact } from '../../../services/service-deps.js';

/**
 * With Google connected the provider sends the invitation (sendUpdates=all): Rapport, with SMTP
 * configured, sends no second one, only the host's alert.
 */

const NOW = '2026-11-23T08:00:00.000Z';
const ME = 'host@example.com';
let store: Store;
let world: GoogleWorld;
let smtp: TestSmtpServer;
let userId: string;
let deps: ProposeDeps & BookingDeps;

beforeAll(async () => {
  ({ store, world } = await startGoogleWorldOnFreshTable(NOW));
  smtp = await startSmtpServer();
  userId = uniqueUserId();
  await store.profiles.put(userId, { ...TEST_SETTINGS, ownerEmails: [ME], coffee: { ...DEFAULT_COFFEE_SETTINGS } });
  await world.connect(userId, ME, { now: NOW });
  await store.connections.create(userId, { id: 'rapport', kind: 'rapport', label: 'Rapport', cursor: null, status: 'ok', createdAt: NOW });
  const mailer = createMailer({ store, transport: createSmtpTransport({ host: '127.0.0.1', port: smtp.port, secure: false, requireTls: false }), from: { email: 'rapport@example.com' }, now: () => NOW, logger: silentLogger });
  const google = async (connection: Parameters<typeof world.open>[1], user: string) => world.open(user, connection);
  const { openCalendarSource, openCalendarWriter } = await import('../../../../lib/adapters/calendars/sources.js');
  const context = (user: string) => ({ store, userId: user, now: () => NOW, mailer });
  deps = {
    store,
    logger: silentLogger,
    mailer,
    signingKey: randomBytes(32),
    baseUrl: 'http://localhost:3000',
    openSource: (c, s, u) => (c.kind === 'google' ? google(c, u) : openCalendarSource(c, s, context(u))),
    openWriter: (c, s, u) => (c.kind === 'google' ? google(c, u) : openCalendarWriter(c, s, context(u))),
  };
});
afterAll(async () => {
  await world.close();
  await smtp.close();
});

describe('a booking on Google with SMTP configured', () => {
  it('Google sends the invitation; Rapport sends zero invitations and one host alert', async () => {
    await store.contacts.putMany(userId, [overdueContact('jane@example.com', '2026-09-01T09:00:00.000Z')]);
    const coffee = (await proposeForUser(deps, userId, NOW)).created[0]!;
    const token = coffee.link.slice(coffee.link.lastIndexOf('/') + 1);
    await bookCoffee(deps, token, { start: coffee.slots[0]!.start, name: 'Jane' }, NOW);

    expect(world.fake.invitations.some((i) => i.method === 'POST' && i.sendUpdates === 'all')).toBe(true);
    const withCalendar = smtp.received.filter((m) => /text\/calendar/i.test(m.raw));
    expect(withCalendar).toHaveLength(0);
    expect(smtp.received.filter((m) => m.envelope.to.includes('jane@example.com'))).toHaveLength(0);
    const alerts = smtp.received.filter((m) => m.envelope.to.includes(ME));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.parsed.subject).toMatch(/^Jane booked /);
  });
});
