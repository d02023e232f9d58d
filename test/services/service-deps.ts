import { randomBytes } from 'node:crypto';
import type { CalendarWriter } from '../../lib/core/ports/calendar.js';
import { openCalendarSource, openCalendarWriter } from '../../lib/adapters/calendars/sources.js';
import type { Contact } from '../../lib/core/domain/contact.js';
import { silentLogger } from '../../lib/runtime/log.js';
import type { BookingDeps } from '../../lib/services/booking.js';
import type { ProposeDeps } from '../../lib/services/propose.js';
import type { Store } from '../../lib/core/ports/store.js';
import type { Mailer } from '../../lib/core/ports/mail.js';

/**
 * The services' dependencies on a real store (DynamoDB Local) and the real calendar adapters,
 * with the clock read through `clock()` and an optional wrapper around the writer, so a test
 * can make one calendar operation fail the way a provider would.
 */
export interface ServiceDepsOptions {
  store: Store;
  clock: () => string;
  /** One key for proposing and booking: booking tokens are derived from it. */
  signingKey?: Buffer;
  writer?: (real: CalendarWriter) => CalendarWriter;
  /** Mail for Rapport's own calendar's invitations and the host's alerts; none by default. */
  mailer?: Mailer;
}

export function serviceDeps(options: ServiceDepsOptions): ProposeDeps & BookingDeps {
  const { store, clock, writer, mailer } = options;
  const context = (user: string) => ({ store, userId: user, now: clock, ...(mailer && { mailer }) });
  return {
    store,
    ...(mailer && { mailer }),
    logger: silentLogger,
    signingKey: options.signingKey ?? randomBytes(32),
    baseUrl: 'http://localhost:3000',
    openSource: (c, s, u) => openCalendarSource(c, s, context(u)),
    openWriter: async (c, s, u) => {
      const real = await openCalendarWriter(c, s, context(u));
      return writer ? writer(real) : real;
    },
  };
}

/** A contact overdue since `nextDueAt`, last seen in June. */
export function overdueContact(email: string, nextDueAt: string): Contact {
  return { email, name: email.split('@')[0], tier: 'keep-warm', lastMetAt: '2026-06-01T09:00:00.000Z', firstMetAt: '2026-06-01T09:00:00.000Z', nextDueAt, ignored: false };
}
