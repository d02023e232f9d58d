import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import * as csrf from '../http/csrf.js';
import { httpErrorOf, isRetryableChoice } from '../http/error-statuses.js';
import type { HttpError } from '../http/errors.js';
import { queryParam } from '../http/request.js';
import { htmlResponse, newScriptNonce, redirect, type HttpResponse } from '../http/response.js';
import { routeRequest, type Route } from '../http/router.js';
import type { Runtime } from '../../runtime/runtime.js';
import type { BookingDeps } from '../../services/booking.js';
import { bookingDepsOf } from '../../services/deps.js';
import type { SafeHtml } from './html.js';
import { guestZoneOf, isIanaZone, type GuestZone } from './guest-zone.js';
import type { GuestShell } from './guest-page.js';

/**
 * What every guest route (booking and manage pages) gets, and the checks they share. There is
 * no user session: the token in the path is the guest's authority.
 */
export interface GuestContext {
  event: APIGatewayProxyEventV2;
  deps: BookingDeps;
  now: string;
  params: string[];
}

export type GuestRoute = Route<GuestContext>;

export function routeGuest(routes: readonly GuestRoute[], event: APIGatewayProxyEventV2, runtime: Runtime): Promise<HttpResponse> {
  return routeRequest(routes, event, (params) => ({ event, deps: bookingDepsOf(runtime), now: runtime.now(), params }), {
    noPage: 'There is no page at this address. Check that the link was copied completely.',
  });
}

/**
 * The guests' own CSRF cookie, scoped to /book: a guest page never replaces the dashboard's
 * cookie (the host may open a booking link themselves), and the dashboard's never reaches here.
 * SameSite=Strict still works for a guest arriving from an email: the cookie is set on that
 * first page and sent with the same-site form POST that follows.
 */
const GUEST_CSRF: csrf.CsrfScope = {
  cookie: 'rapport_guest_csrf',
  path: '/book',
  refusal: 'This form has expired or was not sent from this page, so nothing was changed. Reload the page and try again.',
};

export function requireGuestCsrf(ctx: GuestContext, fields: Record<string, string>): void {
  csrf.requireCsrf(ctx.event, GUEST_CSRF, { key: ctx.deps.signingKey }, fields);
}

/** How a guest page is shown: its status, the zone the guest asked for, and what went wrong. */
export interface Shown {
  status: number;
  /** The zone the guest asked for (`?tz=` or the form's hidden field); the host's when absent or invalid. */
  tz: string | undefined;
  error?: string;
}

/** A page as the guest first opens it: times in the zone of the URL. */
export function firstShown(ctx: GuestContext): Shown {
  return { status: 200, tz: queryParam(ctx.event, 'tz') };
}

/** What every guest page carries around its content: the shell (script nonce), the zone and the form token. */
export interface GuestFrame {
  shell: GuestShell;
  zone: GuestZone;
  csrfToken: string;
}

/** A fresh CSP nonce per page; the zone is detected only on a GET whose URL does not name one. */
export function guestShellOf(ctx: GuestContext): GuestShell {
  const isGet = ctx.event.requestContext.http.method.toUpperCase() === 'GET';
  return { nonce: newScriptNonce(), detectZone: isGet && queryParam(ctx.event, 'tz') === undefined };
}

/** A guest page with a form: its shell, the guest's zone and the form's token (and its cookie, the first time). */
export function answerGuestPage(ctx: GuestContext, shown: Shown, hostZone: string, render: (frame: GuestFrame) => SafeHtml): HttpResponse {
  const shell = guestShellOf(ctx);
  const form = csrf.csrfForPage(ctx.event, GUEST_CSRF, { key: ctx.deps.signingKey });
  const page = render({ shell, zone: guestZoneOf(shown.tz, hostZone), csrfToken: form.token });
  return htmlResponse(shown.status, page, { scriptNonce: shell.nonce, cookies: form.cookies });
}

/**
 * A guest's choice (a time to book or move to): done, it redirects to `location`; taken or not
 * a valid choice, the same page is shown again with what is free now and why.
 */
export async function chooseOrShowAgain(choose: () => Promise<string>, showAgain: (failure: HttpError) => Promise<HttpResponse>): Promise<HttpResponse> {
  let location: string;
  try {
    location = await choose();
  } catch (error) {
    const failure = httpErrorOf(error);
    if (!isRetryableChoice(failure)) throw error;
    return showAgain(failure);
  }
  return redirect(location);
}

/** `tz=…&` for redirects: the next page shows times in the zone the guest chose (if they chose one). */
export function zoneQuery(requested: string | undefined): string {
  const zone = requested?.trim();
  return zone && isIanaZone(zone) ? `tz=${encodeURIComponent(zone)}&` : '';
}
