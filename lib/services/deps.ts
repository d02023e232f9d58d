import { requireSigningKey } from '../runtime/config.js';
import type { Runtime } from '../runtime/runtime.js';
import type { BookingDeps } from './booking.js';
import type { ProposeDeps } from './propose.js';

/** The proposer's and the booking pages' dependencies, from the process's runtime. */
export function bookingDepsOf(runtime: Runtime): BookingDeps & ProposeDeps {
  return { ...runtime, signingKey: requireSigningKey(runtime.config), baseUrl: runtime.config.baseUrl };
}
