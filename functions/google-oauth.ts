import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { cloudMiddleware } from '../lib/edge/cloud/middleware.js';
import { badRequest, conflict, notFound } from '../lib/edge/http/errors.js';
import { httpErrorResponder } from '../lib/edge/http/middleware.js';
import { intentHolds, intentOfStart } from '../lib/edge/http/oauth-intent.js';
import { clearOAuthStateCookie, cookieNameFor, oauthStateCookie, openOAuthState, sealOAuthState } from '../lib/edge/http/oauth-state.js';
import { cookies, queryParam } from '../lib/edge/http/request.js';
import { redirect, type HttpResponse } from '../lib/edge/http/response.js';
import { newSession, sessionCookie } from '../lib/edge/http/session.js';
import { cookiesAreSecure } from '../lib/edge/http/user.js';
import { getRuntime } from '../lib/runtime/runtime.js';
import { DASHBOARD_ERROR_PAGES } from '../lib/edge/web/error-pages.js';

/**
 * `GET /oauth/google/start` (the dashboard's Connect link, or `?signin` from the sign-in page)
 * sends the browser to Google's consent page; `GET /oauth/google/callback` finishes: connects
 * the account to the signed-in (or local) user, or signs in as the account's user (creating
 * one on a first sign-in), and returns to the dashboard. The code, tokens and verifier are
 * never logged.
 */
export const handler = middy(async (event: APIGatewayProxyEventV2): Promise<HttpResponse> => {
  const runtime = getRuntime();
  const { config } = runtime;
  const google = config.google;
  if (!google) throw notFound('Google Calendar is not configured on this Rapport (set RAPPORT_GOOGLE_CLIENT_ID and RAPPORT_GOOGLE_CLIENT_SECRET).');
  const key = config.signingKey;
  if (!key) throw new Error('RAPPORT_SIGNING_KEY is not configured');
  const now = runtime.now();
  const nowMs = Date.parse(now);
  const secure = event.headers?.['x-forwarded-proto'] === 'https' || cookiesAreSecure(config);
  const redirectUri = `${config.baseUrl}/oauth/google/callback`;

  if (event.rawPath === '/oauth/google/start') {
    // A GET link, not a form: the dashboard's CSP (form-action 'self') would stop a form
    // whose answer redirects to Google. Starting changes nothing stored; the state cookie is
    // what binds the callback to this browser (and to the user who started a connect).
    const intent = intentOfStart(event, config, now);
    const { startGoogleConnect } = await import('../lib/services/google-connect.js');
    const { url, state } = await startGoogleConnect({ config: google, redirectUri }, intent, nowMs);
    return redirect(url, { cookies: [oauthStateCookie('google', sealOAuthState(key, state), secure)] });
  }

  const opened = openOAuthState(key, cookies(event)[cookieNameFor('google')], nowMs);
  const expected = opened && intentHolds(opened.intent, event, config, now) ? opened : null;
  const { finishGoogleConnect } = await import('../lib/services/google-connect.js');
  const { GoogleConnectFailed } = await import('../lib/services/connect-errors.js');
  const { AccountTaken, ownerOfAccount } = await import('../lib/services/account-owner.js');
  let finished;
  try {
    finished = await finishGoogleConnect(
      { store: runtime.store, secrets: runtime.secrets(), config: google, redirectUri, logger: runtime.logger },
      expected,
      { code: queryParam(event, 'code'), state: queryParam(event, 'state'), error: queryParam(event, 'error') },
      now,
      (intent, account) => ownerOfAccount({ store: runtime.store, auth: config.auth, now }, intent, account),
    );
  } catch (error) {
    if (error instanceof GoogleConnectFailed) throw badRequest(error.message);
    if (error instanceof AccountTaken) throw conflict(error.message);
    throw error;
  }
  const { userId, connection, intent } = finished;
  // Push is a bonus over the 15-minute sweep: a channel that cannot open (say, Google refuses a
  // non-https address) leaves the connection working, and the sweep tries again.
  const { googlePushDepsOf, watchConnection } = await import('../lib/services/google-push.js');
  const push = googlePushDepsOf(runtime);
  if (push) {
    await watchConnection(push, userId, connection, now).catch((error: unknown) =>
      runtime.logger.warn('google push channel not opened', { userId, error: error instanceof Error ? error.message : String(error) }),
    );
  }
  const clearState = clearOAuthStateCookie('google', secure);
  if (intent.kind === 'sign-in') {
    const session = newSession(userId, connection.account ?? connection.label, nowMs);
    return redirect('/app?signed-in', { cookies: [clearState, sessionCookie(key, session, nowMs, { secure })] });
  }
  return redirect('/app?google-connected#calendars', { cookies: [clearState] });
}).use(cloudMiddleware()).use(httpErrorResponder(() => getRuntime().logger, DASHBOARD_ERROR_PAGES));
