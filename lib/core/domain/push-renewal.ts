/**
 * How long before its end a push channel is renewed, per provider: the sweep renews
 * (services/push-upkeep.ts) and wakes for it (core/domain/sweep-wake.ts), so both read it here.
 * Google keeps event channels about a week and we renew a day before; Graph allows event
 * subscriptions about three days and we renew within the last twelve hours.
 */
export const GOOGLE_RENEW_BEFORE_MS = 86_400_000;
export const MICROSOFT_RENEW_WITHIN_MS = 12 * 3_600_000;

/** The instant from which the sweep renews a channel of this provider ending at `expiresAt`. */
export function renewPushFrom(provider: 'google' | 'microsoft', expiresAt: string): number {
  return Date.parse(expiresAt) - (provider === 'google' ? GOOGLE_RENEW_BEFORE_MS : MICROSOFT_RENEW_WITHIN_MS);
}

/** When the sweep renews this calendar's push channel (Google's or Graph's), or undefined when it has none to renew. */
export function renewPushAt(calendar: { kind: string; push?: { expiresAt: string } }): number | undefined {
  if (!calendar.push || (calendar.kind !== 'google' && calendar.kind !== 'microsoft')) return undefined;
  return renewPushFrom(calendar.kind, calendar.push.expiresAt);
}
