import { openCalendarSource, openCalendarWriter } from '../../lib/adapters/calendars/sources.js';
import type { CalendarWriter } from '../../lib/core/ports/calendar.js';
import type { Store } from '../../lib/core/ports/store.js';
import { silentLogger } from '../../lib/runtime/log.js';
import type { BookingDeps } from '../../lib/services/booking.js';
import { createMailer } from '../../lib/services/mail-delivery.js';

/**
 * The booking services' dependencies for the crash tests, shared by the test and the child
 * process it kills: the real store (DynamoDB Local), Rapport's own calendar whose invitations
 * go to the mail outbox (no transport: they are kept, recorded once per id),
 * and, in the child, a point at which the process kills itself with SIGKILL (no clean-up, no
 * `finally`, exactly what a power cut or an OOM kill does).
 */

export type CrashPoint = 'before-claim' | 'before-event' | 'after-event' | 'after-one-hold' | 'before-settle';
export const CRASH_POINTS: readonly CrashPoint[] = ['before-claim', 'before-event', 'after-event', 'after-one-hold', 'before-settle'];

export interface CrashWorldOptions {
  store: Store;
  signingKey: Buffer;
  now: string;
  crashAt?: CrashPoint;
}

const die = (): never => {
  process.kill(process.pid, 'SIGKILL');
  throw new Error('unreachable');
};

export function crashWorldDeps(options: CrashWorldOptions): BookingDeps {
  const { crashAt } = options;
  const store: Store = crashAt
    ? {
        ...options.store,
        bookings: {
          ...options.store.bookings,
          book: async (...args) => (crashAt === 'before-claim' ? die() : options.store.bookings.book(...args)),
          settle: async (...args) => (crashAt === 'before-settle' ? die() : options.store.bookings.settle(...args)),
        },
      }
    : options.store;
  const mailer = createMailer({ store, from: { email: 'rapport@northwind.example' }, now: () => options.now, logger: silentLogger });
  const context = (userId: string) => ({ store, userId, now: () => options.now, mailer });
  let holdsRemoved = 0;
  const dying = (real: CalendarWriter): CalendarWriter => ({
    ...real,
    putHold: (hold) => real.putHold(hold),
    moveEvent: (id, start, end) => real.moveEvent(id, start, end),
    cancelEvent: (id) => real.cancelEvent(id),
    createEvent: async (invitation) => {
      if (crashAt === 'before-event') die();
      await real.createEvent(invitation);
      if (crashAt === 'after-event') die();
    },
    removeHold: async (id) => {
      const outcome = await real.removeHold(id);
      if (crashAt === 'after-one-hold' && ++holdsRemoved === 1) die();
      return outcome;
    },
    // A calendar that takes holds off in one request: the crash comes after the first is off.
    ...(real.removeHolds && {
      removeHolds: async (ids) => {
        if (crashAt !== 'after-one-hold' || holdsRemoved > 0) return real.removeHolds!(ids);
        await real.removeHolds!(ids.slice(0, 1));
        holdsRemoved++;
        die();
      },
    }),
  });
  return {
    store,
    logger: silentLogger,
    mailer,
    signingKey: options.signingKey,
    baseUrl: 'http://localhost:3000',
    openSource: (c, s, u) => openCalendarSource(c, s, context(u)),
    openWriter: async (c, s, u) => {
      const real = await openCalendarWriter(c, s, context(u));
      return crashAt ? dying(real) : real;
    },
  };
}
