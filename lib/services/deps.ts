import type { Runtime } from '../runtime/runtime.js';
import type { BookingDeps } from './booking.js';
import type { ProposeDeps } from './propose.js';

/** The proposer's and the booking pages' dependencies, from the process's runtime. */
export function bookingDepsOf(runtime: Runtime): BookingDeps & ProposeDeps {
  const signingKey = runtime.config.signingKey;
  if (!signingKey) throw new Error('RAPPORT_SIGNING_KEY is not configured');
  return { ...runtime, signingKey, baseUrl: runtime.config.baseUrl };
}
