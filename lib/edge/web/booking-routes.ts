import { coffeeSettingsOf } from '../../core/domain/settings.js';
import { formFields, isJsonRequest, jsonBody, queryParam } from '../http/request.js';
import { jsonResponse, redirect, type HttpResponse } from '../http/response.js';
import { bookCoffee, freeOfferedSlots, openBookingLink, type BookingRequest, type BookingResult } from '../../services/booking.js';
import { asHttpError, isRetryableChoice } from './booking-errors.js';
import { guestZoneOf } from './guest-zone.js';
import { renderBookingPage, renderNoTimesLeft } from './booking-page.js';
import { guestCsrf, guestHtml, requireGuestCsrf, shellFor, zoneQuery, type GuestContext, type GuestRoute } from './guest-route.js';
import { manageRoutes } from './manage-routes.js';

/**
 * `/book/{token}`: the guest sees the offered times still free (GET) and books one (POST, as
 * a form from the page or as JSON from a script). Every failure is a typed service error,
 * turned into a status in booking-errors.ts.
 */

const tokenOf = (ctx: GuestContext) => ctx.params[0] ?? '';
const pathOf = (ctx: GuestContext) => `/book/${tokenOf(ctx)}`;

interface Shown {
  status: number;
  /** The zone the guest asked for (`?tz=` or the form's hidden field); the host's when absent or invalid. */
  tz: string | undefined;
  error?: string;
  input?: Partial<BookingRequest>;
}

/** The booking page as it is now: the link is re-opened and free/busy re-read every time. */
async function bookingPage(ctx: GuestContext, shown: Shown): Promise<HttpResponse> {
  const open = await openBookingLink(ctx.deps, tokenOf(ctx), ctx.now);
  const slots = await freeOfferedSlots(ctx.deps, open, ctx.now);
  const host = open.settings.ownerEmails[0] ?? 'Your host';
  const shell = shellFor(ctx);
  const csrf = guestCsrf(ctx);
  if (slots.length === 0) return guestHtml(shown.status, renderNoTimesLeft({ host, error: shown.error }, shell), shell, csrf.cookies);
  const coffee = coffeeSettingsOf(open.settings);
  const page = renderBookingPage(
    {
      path: pathOf(ctx),
      host,
      ...(open.proposal.contactName ? { contactName: open.proposal.contactName } : {}),
      durationMinutes: coffee.durationMinutes,
      location: coffee.location,
      hostZone: open.settings.timeZone,
      zone: guestZoneOf(shown.tz, open.settings.timeZone),
      slots,
      csrfToken: csrf.token,
      error: shown.error,
      input: shown.input,
      now: ctx.now,
    },
    shell,
  );
  return guestHtml(shown.status, page, shell, csrf.cookies);
}

async function showBooking(ctx: GuestContext): Promise<HttpResponse> {
  return bookingPage(ctx, { status: 200, tz: queryParam(ctx.event, 'tz') });
}

/**
 * JSON needs no CSRF token: a cross-site page cannot send `application/json` without a CORS
 * preflight, which is never approved. So this branch insists on that content type, and
 * anything else is treated as a form, which must carry the token.
 */
async function postBooking(ctx: GuestContext): Promise<HttpResponse> {
  return isJsonRequest(ctx.event) ? bookFromJson(ctx) : bookFromForm(ctx);
}

async function bookFromJson(ctx: GuestContext): Promise<HttpResponse> {
  // Input schemas load with the first booking, not with every guest page's cold start.
  const { bookingFromJson } = await import('./booking-input.js');
  const request = bookingFromJson(jsonBody(ctx.event));
  const result = await bookCoffee(ctx.deps, tokenOf(ctx), request, ctx.now);
  return jsonResponse(201, bookedJson(result), { headers: { location: result.manageUrl } });
}

export function bookedJson(result: BookingResult) {
  const { booking } = result;
  return {
    event: {
      id: booking.eventId,
      start: booking.start,
      end: booking.end,
      guest: { email: booking.guestEmail, ...(booking.guestName ? { name: booking.guestName } : {}) },
      location: result.location,
    },
    manageUrl: result.manageUrl,
  };
}

async function bookFromForm(ctx: GuestContext): Promise<HttpResponse> {
  const fields = formFields(ctx.event);
  requireGuestCsrf(ctx, fields);
  let result: BookingResult;
  try {
    const { bookingFromForm } = await import('./booking-input.js');
    result = await bookCoffee(ctx.deps, tokenOf(ctx), bookingFromForm(fields), ctx.now);
  } catch (error) {
    const http = asHttpError(error);
    if (!isRetryableChoice(http)) throw http;
    // Taken or not a valid choice: the same page again, with what is free now and what they typed.
    const input = { start: fields.start, name: fields.name, email: fields.email };
    return bookingPage(ctx, { status: http.status, tz: fields.tz, error: http.message, input });
  }
  const manage = new URL(result.manageUrl).pathname;
  return redirect(`${manage}?${zoneQuery(fields.tz)}booked=1`);
}

export const bookingRoutes: GuestRoute[] = [
  ...manageRoutes,
  { method: 'GET', path: /^\/book\/([^/.]+)$/, run: showBooking },
  { method: 'POST', path: /^\/book\/([^/.]+)$/, run: postBooking },
];
