import { randomBytes } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { csrfTokenFor, CSRF_FIELD, isValidCsrfToken, newCsrfNonce } from '../http/csrf.js';
import { forbidden, HttpError, methodNotAllowed, notFound } from '../http/errors.js';
import { cookies, queryParam } from '../http/request.js';
import { htmlResponse, type HttpResponse } from '../http/response.js';
import type { Runtime } from '../../runtime/runtime.js';
import type { BookingDeps } from '../../services/booking.js';
import { bookingDepsOf } from '../../services/deps.js';
import type { SafeHtml } from './html.js';
import { asHttpError } from './booking-errors.js';
import { isIanaZone } from './guest-zone.js';
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

export type GuestRoute = { method: string; path: RegExp; run: (ctx: GuestContext) => Promise<HttpResponse> };

/**
 * The guests' own CSRF cookie, scoped to /book: a guest page never replaces the dashboard's
 * cookie (the host may open a booking link themselves), and the dashboard's never reaches here.
 * SameSite=Strict still works for a guest arriving from an email: the cookie is set on that
 * first page and sent with the same-site form POST that follows.
 */
const GUEST_CSRF_COOKIE = 'rapport_guest_csrf';

export function guestCsrf(ctx: GuestContext): { token: string; cookies: string[] } {
  const known = cookies(ctx.event)[GUEST_CSRF_COOKIE];
  const nonce = known ?? newCsrfNonce();
  const secure = ctx.event.headers?.['x-forwarded-proto'] === 'https';
  const cookie = `${GUEST_CSRF_COOKIE}=${nonce}; Path=/book; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
  return { token: csrfTokenFor(ctx.deps.signingKey, nonce), cookies: known ? [] : [cookie] };
}

export function requireGuestCsrf(ctx: GuestContext, fields: Record<string, string>): void {
  if (!isValidCsrfToken(ctx.deps.signingKey, cookies(ctx.event)[GUEST_CSRF_COOKIE], fields[CSRF_FIELD])) {
    throw forbidden('This form has expired or was not sent from this page, so nothing was changed. Reload the page and try again.');
  }
}

/** A fresh CSP nonce per page; the zone is detected only on a GET whose URL does not name one. */
export function shellFor(ctx: GuestContext): GuestShell {
  const isGet = ctx.event.requestContext.http.method.toUpperCase() === 'GET';
  return { nonce: randomBytes(16).toString('base64'), detectZone: isGet && queryParam(ctx.event, 'tz') === undefined };
}

export function guestHtml(status: number, page: SafeHtml, shell: GuestShell, setCookies: string[] = []): HttpResponse {
  return htmlResponse(status, page, { scriptNonce: shell.nonce, cookies: setCookies });
}

/** `tz=…&` for redirects: the next page shows times in the zone the guest chose (if they chose one). */
export function zoneQuery(requested: string | undefined): string {
  const zone = requested?.trim();
  return zone && isIanaZone(zone) ? `tz=${encodeURIComponent(zone)}&` : '';
}

export async function dispatchGuest(routes: readonly GuestRoute[], event: APIGatewayProxyEventV2, runtime: Runtime): Promise<HttpResponse> {
  const method = event.requestContext.http.method.toUpperCase();
  const matching = routes.filter((r) => r.path.test(event.rawPath));
  if (matching.length === 0) throw notFound('There is no page at this address. Check that the link was copied completely.');
  const route = matching.find((r) => r.method === method);
  if (!route) throw methodNotAllowed(`${method} is not allowed here.`);
  const ctx: GuestContext = { event, deps: bookingDepsOf(runtime), now: runtime.now(), params: route.path.exec(event.rawPath)!.slice(1) };
  try {
    return await route.run(ctx);
  } catch (error) {
    const mapped = asHttpError(error);
    if (mapped instanceof HttpError && mapped.status < 500) throw mapped;
    // Logged here with the route's pattern, not by the edge with the raw path: the path holds the guest's token.
    runtime.logger.error('booking request failed', { route: `${method} ${route.path.source}`, requestId: event.requestContext.requestId, error });
    throw mapped instanceof HttpError ? mapped : new HttpError(500, 'Something went wrong on our side. Please reload the page to see whether your change went through, and try again if not.');
  }
}
