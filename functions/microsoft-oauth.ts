import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { cloudMiddleware } from '../lib/cloud/middleware.js';
import { CalendarError } from '../lib/calendars/port.js';
import { badRequest, HttpError, notFound } from '../lib/http/errors.js';
import { httpErrorResponder } from '../lib/http/middleware.js';
import { cookies } from '../lib/http/request.js';
import { redirect, securityHeaders, type HttpResponse } from '../lib/http/response.js';
import { openCookieValue, sealCookieValue } from '../lib/http/sealed-cookie.js';
import { userIdFor } from '../lib/http/user.js';
import { getRuntime } from '../lib/runtime.js';
import { checkCallback, finishMicrosoftConnect, SignInRefused, startMicrosoftConnect, type PendingSignIn } from '../lib/services/microsoft-connect.js';

/**
 * `GET /oauth/microsoft/start` sends the browser to Microsoft's sign-in with a state and a PKCE
 * challenge; the state and verifier stay with this browser in a sealed cookie. `GET
 * /oauth/microsoft/callback` checks the state against that cookie, exchanges the code, seals
 * MSAL's cache for the connection and goes back to the dashboard.
 */

const COOKIE = 'rapport_ms_oauth';
const PURPOSE = 'microsoft-oauth';
const CALLBACK_PATH = '/oauth/microsoft/callback';

export const handler = middy(async (event: APIGatewayProxyEventV2): Promise<HttpResponse> => {
  const runtime = getRuntime();
  const { config } = runtime;
  const microsoft = config.microsoft;
  if (!microsoft) throw notFound('Outlook is not configured on this Rapport.');
  const key = config.signingKey;
  if (!key) throw new Error('RAPPORT_SIGNING_KEY is not configured');
  const userId = userIdFor(event, config);
  const redirectUri = `${config.baseUrl}${CALLBACK_PATH}`;
  const secure = config.baseUrl.startsWith('https://');
  const nowMs = Date.parse(runtime.now());

  if (event.rawPath === '/oauth/microsoft/start') {
    const { url, pending } = await startMicrosoftConnect(microsoft, redirectUri, userId, nowMs);
    // SameSite=Lax, not Strict: the callback is a top-level navigation coming from Microsoft's site.
    const cookie = `${COOKIE}=${sealCookieValue(key, PURPOSE, pending)}; Path=/oauth/microsoft; Max-Age=600; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
    return { statusCode: 302, headers: { location: url, ...securityHeaders() }, cookies: [cookie], body: '' };
  }

  if (event.rawPath === CALLBACK_PATH) {
    const query = new URLSearchParams(event.rawQueryString ?? '');
    const clear = `${COOKIE}=; Path=/oauth/microsoft; Max-Age=0; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
    // The user declined, or the tenant refused the app: nothing to store, say so on the dashboard.
    if (query.get('error')) return redirect('/app?outlook-declined#calendars', { cookies: [clear] });
    const code = query.get('code');
    if (!code) throw badRequest('The sign-in answer has no code. Start connecting Outlook again.');
    let pending: PendingSignIn;
    try {
      pending = checkCallback(openCookieValue(key, PURPOSE, cookies(event)[COOKIE]) as PendingSignIn | null, userId, query.get('state') ?? undefined, nowMs);
    } catch (error) {
      if (error instanceof SignInRefused) throw new HttpError(400, error.message);
      throw error;
    }
    try {
      await finishMicrosoftConnect(
        { store: runtime.store, secrets: runtime.secrets(), config: microsoft },
        { userId, code, verifier: pending.verifier, redirectUri, now: runtime.now() },
      );
    } catch (error) {
      if (error instanceof CalendarError) throw new HttpError(502, `${error.message}`, { cause: error });
      throw error;
    }
    return redirect('/app?outlook-connected#calendars', { cookies: [clear] });
  }
  throw notFound('No such page.');
}).use(cloudMiddleware()).use(httpErrorResponder(() => getRuntime().logger));
