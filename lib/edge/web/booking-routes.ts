import { locationTextOf } from '../../core/domain/meeting-place.js';
import { coffeeSettingsOf, hostNameOf } from '../../core/domain/settings.js';
import { offeredMeetingPlace } from '../../services/meeting-support.js';
import { formFields, isJsonRequest, jsonBody } from '../http/request.js';
import { jsonResponse, type HttpResponse } from '../http/response.js';
import { bookCoffee, freeOfferedSlots, openBookingLink, type BookingRequest, type BookingResult } from '../../services/booking.js';
import { renderBookingPage, renderNoTimesLeft } from './booking-page.js';
import { answerGuestPage, chooseOrShowAgain, firstShown, requireGuestCsrf, zoneQuery, type GuestContext, type GuestRoute, type Shown } from './guest-route.js';
import { manageRoutes } from './manage-routes.js';
import { unsubscribeRoutes } from './unsubscribe-routes.js';

/**
 * `/book/{token}`: the guest sees the offered times still free (GET) and books one (POST, as
 * a form from the page or as JSON from a script). Every failure is a typed service error,
 * turned into a status by the edge's one table (http/error-statuses.ts).
 */

const tokenOf = (ctx: GuestContext) => ctx.params[0] ?? '';

/**
 * Input schemas (zod) load once, not with every guest page's cold start: a page view starts
 * loading them while its own reads wait on the store, so the guest's booking, which usually
 * follows on the same warm instance, does not wait for them (about 100 ms of compiling, during
 * which the instance serves nobody else).
 */
let inputModule: Promise<typeof import('./booking-input.js')> | undefined;
const bookingInput = () => (inputModule ??= import('./booking-input.js'));
const preloadBookingInput = () => void bookingInput().catch(() => (inputModule = undefined));
const pathOf = (ctx: GuestContext) => `/book/${tokenOf(ctx)}`;

/** The booking page as it is now: the link is re-opened and free/busy re-read every time. */
async function bookingPage(ctx: GuestContext, shown: Shown & { input?: Partial<BookingRequest> }): Promise<HttpResponse> {
  const open = await openBookingLink(ctx.deps, tokenOf(ctx), ctx.now);
  const slots = await freeOfferedSlots(ctx.deps, open, ctx.now);
  const host = hostNameOf(open.settings);
  const hostZone = open.settings.timeZone;
  if (slots.length === 0) return answerGuestPage(ctx, shown, hostZone, ({ shell }) => renderNoTimesLeft({ host, error: shown.error }, shell));
  const coffee = coffeeSettingsOf(open.settings);
  const contactName = open.proposal.contactName;
  const place = await offeredMeetingPlace(ctx.deps.store, open.userId, open.proposal, open.settings);
  return answerGuestPage(ctx, shown, hostZone, ({ shell, zone, csrfToken }) =>
    renderBookingPage(
      { path: pathOf(ctx), host, ...(contactName ? { contactName } : {}), durationMinutes: coffee.durationMinutes, place, hostZone, zone, slots, csrfToken, error: shown.error, input: shown.input, now: ctx.now },
      shell,
    ),
  );
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
  const { bookingFromJson } = await bookingInput();
  const request = bookingFromJson(jsonBody(ctx.event));
  const result = await bookCoffee(ctx.deps, tokenOf(ctx), request, ctx.now);
  return jsonResponse(201, bookedJson(result), { headers: { location: result.manageUrl } });
}

function bookedJson(result: BookingResult) {
  const { booking } = result;
  return {
    event: {
      id: booking.eventId,
      start: booking.start,
      end: booking.end,
      guest: { email: booking.guestEmail, ...(booking.guestName ? { name: booking.guestName } : {}) },
      location: locationTextOf(result.place),
    },
    manageUrl: result.manageUrl,
  };
}

async function bookFromForm(ctx: GuestContext): Promise<HttpResponse> {
  const fields = formFields(ctx.event);
  requireGuestCsrf(ctx, fields);
  return chooseOrShowAgain(
    async () => {
      const { bookingFromForm } = await bookingInput();
      const result = await bookCoffee(ctx.deps, tokenOf(ctx), bookingFromForm(fields), ctx.now);
      return `${new URL(result.manageUrl).pathname}?${zoneQuery(fields.tz)}booked=1`;
    },
    (failure) => bookingPage(ctx, { status: failure.status, tz: fields.tz, error: failure.message, input: { start: fields.start, name: fields.name, email: fields.email } }),
  );
}

export const bookingRoutes: GuestRoute[] = [
  ...manageRoutes,
  ...unsubscribeRoutes,
  {
    method: 'GET',
    path: /^\/book\/([^/.]+)$/,
    run: (ctx) => {
      preloadBookingInput();
      return bookingPage(ctx, firstShown(ctx));
    },
  },
  { method: 'POST', path: /^\/book\/([^/.]+)$/, run: postBooking },
];
