/**
 * Google OAuth clients whose consent screen is in "Testing" get refresh tokens that stop
 * working seven days after they were issued (CALENDAR-FACTS.md, "OAuth"). A connection made
 * with such a client goes quiet a week after each connect; the user should hear it from us
 * first, with the day it happens and what to do.
 */

export const TESTING_TOKEN_LIFETIME_MS = 7 * 86_400_000;

export interface GoogleGrant {
  label: string;
  kind: string;
  status: string;
  /** When the connection's current refresh token was issued (its last connect). */
  grantedAt?: string;
}

export interface TestingExpiry {
  label: string;
  /** The instant the refresh token stops working. */
  stopsAt: string;
}

/**
 * Google connections whose refresh token, issued by a client in testing mode, is younger than
 * seven days: they will stop working at `stopsAt`. A connection already marked for reconnect
 * says so by itself; one without a known grant time (made before it was recorded) is not guessed at.
 */
export function testingExpiries(connections: readonly GoogleGrant[], now: string, clientInTesting: boolean): TestingExpiry[] {
  if (!clientInTesting) return [];
  const nowMs = Date.parse(now);
  return connections.flatMap((c) => {
    if (c.kind !== 'google' || c.status === 'needs-reconnect' || !c.grantedAt) return [];
    const stopsAtMs = Date.parse(c.grantedAt) + TESTING_TOKEN_LIFETIME_MS;
    return stopsAtMs > nowMs ? [{ label: c.label, stopsAt: new Date(stopsAtMs).toISOString() }] : [];
  });
}
