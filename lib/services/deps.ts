import { requireSigningKey } from '../runtime/config.js';
import type { Runtime } from '../runtime/runtime.js';
import type { BookingDeps } from './booking.js';
import type { MailDeps } from './mail-deps.js';
import type { ProposeDeps } from './propose.js';

/** The proposer's and the booking pages' dependencies, from the process's runtime. */
export function bookingDepsOf(runtime: Runtime): BookingDeps & ProposeDeps {
  return { ...runtime, signingKey: requireSigningKey(runtime.config), baseUrl: runtime.config.baseUrl };
}

/** What composing and sending Rapport's own messages needs, from the process's runtime. */
export function mailDepsOf(runtime: Runtime): MailDeps {
  return {
    store: runtime.store,
    outbox: runtime.store.mail,
    suppressions: runtime.store.suppressions,
    mailer: runtime.mailer,
    signingKey: requireSigningKey(runtime.config),
    baseUrl: runtime.config.baseUrl,
  };
}
