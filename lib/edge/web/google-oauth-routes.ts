import { notFound } from '../http/errors.js';
import { intentHolds, intentOfStart } from '../http/oauth-intent.js';
import { clearOAuthStateCookie, cookieNameFor, oauthStateCookie, openOAuthState, sealOAuthState } from '../http/oauth-state.js';
import { cookies, queryParam } from '../http/request.js';
import { redirect, type HttpResponse } from '../http/response.js';
import type { Route } from '../http/router.js';
import { newSession, sessionCookie } from '../http/session.js';
import { cookiesAreSecure } from '../http/user.js';
import type { GoogleConfig } from '../../runtime/config.js';
import { signingKey, type RequestContext } from './route.js';

/**
 * `GET /oauth/google/start` (the dashboard's Connect link, or `?signin` from the sign-in page)
 * sends the browser to Google's consent page; `GET /oauth/google/callback` finishes: connects
 * the account to the signed-in (or local) user, or signs in as the account's user (creating
 * one on a first sign-in), and returns to the dashboard. The code, tokens and verifier are
 * never logged. The Google SDK loads only here, with the services that use it.
 */

function roundTrip(ctx: RequestContext): { google: GoogleConfig; key: Buffer; secure: boolean; redirectUri: string } {
  const { config } = ctx.runtime;
  if (!config.google) throw notFound('Google Calendar is not configured on this Rapport (set RAPPORT_GOOGLE_CLIENT_ID and RAPPORT_GOOGLE_CLIENT_SECRET).');
  const secure = ctx.event.headers?.['x-forwarded-proto'] === 'https' || cookiesAreSecure(config);
  return { google: config.google, key: signingKey(ctx.runtime), secure, redirectUri: `${config.baseUrl}/oauth/google/callback` };
}

/**
 * A GET link, not a form: the dashboard's CSP (form-action 'self') would stop a form whose
 * answer redirects to Google. Starting changes nothing stored; the state cookie is what binds
 * the callback to this browser (and to the user who started a connect).
 */
async function start(ctx: RequestContext): Promise<HttpResponse> {
  const { google, key, secure, redirectUri } = roundTrip(ctx);
  const intent = intentOfStart(ctx.event, ctx.runtime.config, ctx.now);
  const { startGoogleConnect } = await import('../../services/google-connect.js');
  const { url, state } = await startGoogleConnect({ config: google, redirectUri }, intent, Date.parse(ctx.now));
  return redirect(url, { cookies: [oauthStateCookie('google', sealOAuthState(key, state), secure)] });
}

async function callback(ctx: RequestContext): Promise<HttpResponse> {
  const { event, runtime, now } = ctx;
  const { google, key, secure, redirectUri } = roundTrip(ctx);
  const nowMs = Date.parse(now);
  const opened = openOAuthState(key, cookies(event)[cookieNameFor('google')], nowMs);
  const expected = opened && intentHolds(opened.intent, event, runtime.config, now) ? opened : null;
  const { connectGoogleAccount } = await import('../../services/google-connect.js');
  const input = { code: queryParam(event, 'code'), state: queryParam(event, 'state'), error: queryParam(event, 'error') };
  const { userId, connection, intent } = await connectGoogleAccount(runtime, { config: google, redirectUri }, expected, input);
  const clearState = clearOAuthStateCookie('google', secure);
  if (intent.kind === 'sign-in') {
    const session = newSession(userId, connection.account ?? connection.label, nowMs);
    return redirect('/app?signed-in', { cookies: [clearState, sessionCookie(key, session, nowMs, { secure })] });
  }
  return redirect('/app?google-connected#calendars', { cookies: [clearState] });
}

export const googleOAuthRoutes: Route<RequestContext>[] = [
  { method: 'GET', path: /^\/oauth\/google\/start$/, run: start },
  { method: 'GET', path: /^\/oauth\/google\/callback$/, run: callback },
];
