import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { cloudMiddleware } from '../lib/edge/cloud/middleware.js';
import { CalendarError } from '../lib/core/ports/calendar.js';
import { badRequest, conflict, HttpError, notFound } from '../lib/edge/http/errors.js';
import { httpErrorResponder } from '../lib/edge/http/middleware.js';
import { intentHolds, intentOfStart } from '../lib/edge/http/oauth-intent.js';
import { cookies } from '../lib/edge/http/request.js';
import { redirect, securityHeaders, type HttpResponse } from '../lib/edge/http/response.js';
import { openCookieValue, sealCookieValue } from '../lib/edge/http/sealed-cookie.js';
import { newSession, sessionCookie } from '../lib/edge/http/session.js';
import { cookiesAreSecure } from '../lib/edge/http/user.js';
import { getRuntime } from '../lib/runtime/runtime.js';
import { DASHBOARD_ERROR_PAGES } from '../lib/edge/web/error-pages.js';
import { AccountTaken, ownerOfAccount } from '../lib/services/account-owner.js';
import { checkCallback, finishMicrosoftConnect, startMicrosoftConnect, type PendingSignIn } from '../lib/services/microsoft-connect.js';
import { SignInRefused } from '../lib/services/connect-errors.js';

/**
 * `GET /oauth/microsoft/start` (Connect Outlook, or `?signin` from the sign-in page) sends the
 * browser to Microsoft's sign-in with a state and a PKCE challenge; the state, the verifier and
 * the intent stay with this browser in a sealed cookie. `GET /oauth/microsoft/callback` checks
 * the state against that cookie, exchanges the code, seals MSAL's cache for the connection of
 * the account's user (signing the browser in when that was the intent) and goes to the dashboard.
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
  const redirectUri = `${config.baseUrl}${CALLBACK_PATH}`;
  const secure = cookiesAreSecure(config);
  const now = runtime.now();
  const nowMs = Date.parse(now);

  if (event.rawPath === '/oauth/microsoft/start') {
    const intent = intentOfStart(event, config, now);
    const { url, pending } = await startMicrosoftConnect(microsoft, redirectUri, intent, nowMs);
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
      const sealed = openCookieValue(key, PURPOSE, cookies(event)[COOKIE]) as PendingSignIn | null;
      pending = checkCallback(sealed, (intent) => intentHolds(intent, event, config, now), query.get('state') ?? undefined, nowMs);
    } catch (error) {
      if (error instanceof SignInRefused) throw new HttpError(400, error.message);
      throw error;
    }
    let finished;
    try {
      finished = await finishMicrosoftConnect(
        { store: runtime.store, secrets: runtime.secrets(), config: microsoft },
        { code, verifier: pending.verifier, redirectUri, now, intent: pending.intent },
        (intent, account) => ownerOfAccount({ store: runtime.store, auth: config.auth, now }, intent, account),
      );
    } catch (error) {
      if (error instanceof AccountTaken) throw conflict(error.message);
      if (error instanceof CalendarError) throw new HttpError(502, `${error.message}`, { cause: error });
      throw error;
    }
    if (pending.intent.kind === 'sign-in') {
      const session = newSession(finished.userId, finished.email, nowMs);
      return redirect('/app?signed-in', { cookies: [clear, sessionCookie(key, session, nowMs, { secure })] });
    }
    return redirect('/app?outlook-connected#calendars', { cookies: [clear] });
  }
  throw notFound('No such page.');
}).use(cloudMiddleware()).use(httpErrorResponder(() => getRuntime().logger, DASHBOARD_ERROR_PAGES));
