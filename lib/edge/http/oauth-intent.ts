import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { Config } from '../../runtime/config.js';
import { isValidTimeZone } from '../../core/domain/zones.js';
import { notFound } from './errors.js';
import type { OAuthIntent } from '../../services/oauth-round-trip.js';
import { queryParam } from './request.js';
import { userIdFor } from './user.js';

/** Why an OAuth round trip was started (services/oauth-round-trip.ts), as the request says it. */

/** Zone names are short; anything else from the query string is not a zone. */
const MAX_ZONE_LENGTH = 64;

/**
 * What a `/oauth/<provider>/start` request asks for: `?signin` (with the browser's zone in `tz`)
 * signs in; without it, the account is connected to the user of the request, which in the
 * cloud needs a session (`SignInRequired` otherwise).
 */
export function intentOfStart(event: APIGatewayProxyEventV2, config: Config, now: string): OAuthIntent {
  if (queryParam(event, 'signin') === undefined) return { kind: 'connect', userId: userIdFor(event, config, now) };
  if (config.auth !== 'session') throw notFound('There is no sign-in on a local Rapport: you are its only user. Open /app.');
  return { kind: 'sign-in', timeZone: signInZone(queryParam(event, 'tz')) };
}

/** The browser's IANA zone when it is one, else UTC (the user can change it in settings). */
export function signInZone(reported: string | undefined): string {
  return reported && reported.length <= MAX_ZONE_LENGTH && isValidTimeZone(reported) ? reported : 'UTC';
}

/**
 * Whether a callback may go on with the intent its state carried: a connect only for the user
 * who started it (a session that has since ended means signing in again), a sign-in only where
 * there are sessions at all.
 */
export function intentHolds(intent: OAuthIntent, event: APIGatewayProxyEventV2, config: Config, now: string): boolean {
  if (intent.kind === 'sign-in') return config.auth === 'session';
  return userIdFor(event, config, now) === intent.userId;
}
