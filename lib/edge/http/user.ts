import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { Config } from '../../runtime/config.js';
import { SignInRequired } from './errors.js';
import { cookies } from './request.js';
import { openSession, SESSION_COOKIE, type Session } from './session.js';

/**
 * Whose data a request may touch: the one place that decides it. Locally (`auth: local`) there
 * is one implicit user and the server binds to 127.0.0.1; in the cloud (`auth: session`) it is
 * the user of the request's signed-in session, and a request without one is refused
 * (`SignInRequired`) before any handler reads or writes anything.
 */
export function userIdFor(event: APIGatewayProxyEventV2, config: Config, now: string): string {
  if (config.auth === 'local') return config.localUserId;
  const session = sessionOf(event, config, now);
  if (!session) throw new SignInRequired();
  return session.userId;
}

/** The request's valid session, in session mode; null locally or when there is none. */
export function sessionOf(event: APIGatewayProxyEventV2, config: Config, now: string): Session | null {
  if (config.auth !== 'session' || !config.signingKey) return null;
  return openSession(config.signingKey, cookies(event)[SESSION_COOKIE], Date.parse(now));
}

/** Session cookies are Secure whenever people reach Rapport over https. */
export function cookiesAreSecure(config: Config): boolean {
  return config.baseUrl.startsWith('https://');
}
