import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { cloudMiddleware } from '../lib/cloud/middleware.js';
import { badRequest, notFound } from '../lib/http/errors.js';
import { httpErrorResponder } from '../lib/http/middleware.js';
import { clearOAuthStateCookie, cookieNameFor, oauthStateCookie, openOAuthState, sealOAuthState } from '../lib/http/oauth-state.js';
import { cookies, queryParam } from '../lib/http/request.js';
import { redirect, type HttpResponse } from '../lib/http/response.js';
import { userIdFor } from '../lib/http/user.js';
import { getRuntime } from '../lib/runtime.js';

/**
 * `GET /oauth/google/start` (the dashboard's Connect link) sends the
 * browser to Google's consent page; `GET /oauth/google/callback` finishes the connection and
 * returns to the dashboard. The code, tokens and verifier are never logged.
 */
export const handler = middy(async (event: APIGatewayProxyEventV2): Promise<HttpResponse> => {
  const runtime = getRuntime();
  const google = runtime.config.google;
  if (!google) throw notFound('Google Calendar is not configured on this Rapport (set RAPPORT_GOOGLE_CLIENT_ID and RAPPORT_GOOGLE_CLIENT_SECRET).');
  const key = runtime.config.signingKey;
  if (!key) throw new Error('RAPPORT_SIGNING_KEY is not configured');
  const userId = userIdFor(event, runtime.config);
  const secure = event.headers?.['x-forwarded-proto'] === 'https' || runtime.config.baseUrl.startsWith('https:');
  const redirectUri = `${runtime.config.baseUrl}/oauth/google/callback`;
  const { startGoogleConnect, finishGoogleConnect, GoogleConnectFailed } = await import('../lib/services/google-connect.js');
  const { googlePushDepsOf, watchConnection } = await import('../lib/services/google-push.js');

  if (event.rawPath === '/oauth/google/start') {
    // A GET link, not a form: the dashboard's CSP (form-action 'self') would stop a form
    // whose answer redirects to Google. Starting changes nothing stored; the state cookie is
    // what binds the callback to this browser.
    const { url, state } = await startGoogleConnect({ config: google, redirectUri }, userId, Date.parse(runtime.now()));
    return redirect(url, { cookies: [oauthStateCookie('google', sealOAuthState(key, state), secure)] });
  }

  const expected = openOAuthState(key, cookies(event)[cookieNameFor('google')], Date.parse(runtime.now()));
  let connection;
  try {
    connection = await finishGoogleConnect(
      { store: runtime.store, secrets: runtime.secrets(), config: google, redirectUri, logger: runtime.logger },
      userId,
      expected,
      { code: queryParam(event, 'code'), state: queryParam(event, 'state'), error: queryParam(event, 'error') },
      runtime.now(),
    );
  } catch (error) {
    if (error instanceof GoogleConnectFailed) throw badRequest(error.message);
    throw error;
  }
  // Push is a bonus over the 15-minute sweep: a channel that cannot open (say, Google refuses a
  // non-https address) leaves the connection working, and the sweep tries again.
  const push = googlePushDepsOf(runtime);
  if (push) {
    await watchConnection(push, userId, connection, runtime.now()).catch((error: unknown) =>
      runtime.logger.warn('google push channel not opened', { userId, error: error instanceof Error ? error.message : String(error) }),
    );
  }
  return redirect('/app?google-connected#calendars', { cookies: [clearOAuthStateCookie('google', secure)] });
}).use(cloudMiddleware()).use(httpErrorResponder(() => getRuntime().logger));
