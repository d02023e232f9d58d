import { badRequest, notFound } from '../http/errors.js';
import { intentHolds, intentOfStart } from '../http/oauth-intent.js';
import { cookies } from '../http/request.js';
import { redirect, securityHeaders, type HttpResponse } from '../http/response.js';
import type { Route } from '../http/router.js';
import { openCookieValue, sealCookieValue } from '../http/sealed-cookie.js';
import { newSession, sessionCookie } from '../http/session.js';
import { cookiesAreSecure } from '../http/user.js';
import { checkCallback, connectMicrosoftAccount, startMicrosoftConnect, type PendingSignIn } from '../../services/microsoft-connect.js';
import { signingKey, type RequestContext } from './route.js';

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

function roundTrip(ctx: RequestContext) {
  const { config } = ctx.runtime;
  if (!config.microsoft) throw notFound('Outlook is not configured on this Rapport.');
  return { microsoft: config.microsoft, key: signingKey(ctx.runtime), secure: cookiesAreSecure(config), redirectUri: `${config.baseUrl}${CALLBACK_PATH}` };
}

/** SameSite=Lax, not Strict: the callback is a top-level navigation coming from Microsoft's site. */
const cookieOf = (value: string, maxAge: number, secure: boolean) =>
  `${COOKIE}=${value}; Path=/oauth/microsoft; Max-Age=${maxAge}; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;

async function start(ctx: RequestContext): Promise<HttpResponse> {
  const { microsoft, key, secure, redirectUri } = roundTrip(ctx);
  const intent = intentOfStart(ctx.event, ctx.runtime.config, ctx.now);
  const { url, pending } = await startMicrosoftConnect(microsoft, redirectUri, intent, Date.parse(ctx.now));
  const cookie = cookieOf(sealCookieValue(key, PURPOSE, pending), 600, secure);
  return { statusCode: 302, headers: { location: url, ...securityHeaders() }, cookies: [cookie], body: '' };
}

async function callback(ctx: RequestContext): Promise<HttpResponse> {
  const { event, runtime, now } = ctx;
  const { microsoft, key, secure, redirectUri } = roundTrip(ctx);
  const nowMs = Date.parse(now);
  const query = new URLSearchParams(event.rawQueryString ?? '');
  const clear = cookieOf('', 0, secure);
  // The user declined, or the tenant refused the app: nothing to store, say so on the dashboard.
  if (query.get('error')) return redirect('/app?outlook-declined#calendars', { cookies: [clear] });
  const code = query.get('code');
  if (!code) throw badRequest('The sign-in answer has no code. Start connecting Outlook again.');
  const sealed = openCookieValue(key, PURPOSE, cookies(event)[COOKIE]) as PendingSignIn | null;
  const pending = checkCallback(sealed, (intent) => intentHolds(intent, event, runtime.config, now), query.get('state') ?? undefined, nowMs);
  const finished = await connectMicrosoftAccount(runtime, microsoft, { code, verifier: pending.verifier, redirectUri, intent: pending.intent });
  if (pending.intent.kind === 'sign-in') {
    const session = newSession(finished.userId, finished.email, nowMs);
    return redirect('/app?signed-in', { cookies: [clear, sessionCookie(key, session, nowMs, { secure })] });
  }
  return redirect('/app?outlook-connected#calendars', { cookies: [clear] });
}

export const microsoftOAuthRoutes: Route<RequestContext>[] = [
  { method: 'GET', path: /^\/oauth\/microsoft\/start$/, run: start },
  { method: 'GET', path: /^\/oauth\/microsoft\/callback$/, run: callback },
];
