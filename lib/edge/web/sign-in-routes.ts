import { notFound } from '../http/errors.js';
import { formFields } from '../http/request.js';
import { htmlResponse, newScriptNonce, redirect, type HttpResponse } from '../http/response.js';
import type { Route } from '../http/router.js';
import { clearSessionCookie } from '../http/session.js';
import { cookiesAreSecure, sessionOf } from '../http/user.js';
import { noticeFrom, requireCsrf, type RequestContext } from './route.js';
import { renderSignIn } from './sign-in-page.js';

/**
 * The two routes of the dashboard function that come before anyone is known: `GET /signin`
 * and `POST /signout` (app-routes.ts sends them here, and loads this group only for them).
 * Locally there is nobody to sign in: the page leads to the dashboard.
 */

/** Notices after a redirect come from this fixed list, never from the query string itself. */
const NOTICES: Record<string, string> = {
  'signed-out': 'You are signed out.',
};

async function showSignIn({ event, runtime, now }: RequestContext): Promise<HttpResponse> {
  const { config } = runtime;
  if (config.auth === 'local' || sessionOf(event, config, now)) return redirect('/app');
  const scriptNonce = newScriptNonce();
  const pageHtml = renderSignIn({ google: Boolean(config.google), microsoft: Boolean(config.microsoft), notice: noticeFrom(NOTICES, event), scriptNonce });
  return htmlResponse(200, pageHtml, { scriptNonce });
}

/**
 * Clears the session cookie. With a live session the form's CSRF token must be one minted for
 * that user's dashboard, so another site cannot sign the user out; without one there is nothing
 * to protect and the cookie is cleared anyway.
 */
async function signOut({ event, runtime, now }: RequestContext): Promise<HttpResponse> {
  const { config } = runtime;
  if (config.auth === 'local') throw notFound('There is no sign-in on a local Rapport: you are its only user.');
  const session = sessionOf(event, config, now);
  if (session) requireCsrf({ event, runtime, userId: session.userId }, formFields(event));
  return redirect('/signin?signed-out', { cookies: [clearSessionCookie({ secure: cookiesAreSecure(config) })] });
}

export const signInRoutes: Route<RequestContext>[] = [
  { method: 'GET', path: /^\/signin$/, run: showSignIn },
  { method: 'POST', path: /^\/signout$/, run: signOut },
];
