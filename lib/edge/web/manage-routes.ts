import { coffeeSettingsOf } from '../../core/domain/settings.js';
import { formFields, queryParam } from '../http/request.js';
import { redirect, textResponse, type HttpResponse } from '../http/response.js';
import { alternativeSlots, cancelBooking, ManageError, openManageLink, rescheduleBooking, type ManagedBooking } from '../../services/manage-booking.js';
import { asHttpError, isRetryableChoice } from './booking-errors.js';
import { guestZoneOf } from './guest-zone.js';
import { coffeeIcs } from './coffee-ics.js';
import { guestCsrf, guestHtml, requireGuestCsrf, shellFor, zoneQuery, type GuestContext, type GuestRoute } from './guest-route.js';
import { renderCancelledPage, renderManagePage } from './manage-page.js';

/**
 * `/book/manage/{token}`: the guest's confirmation, with its .ics, cancel and move. The token
 * is signed and names the booking; the services check it on every request.
 */

const tokenOf = (ctx: GuestContext) => ctx.params[0] ?? '';
const pathOf = (ctx: GuestContext) => `/book/manage/${tokenOf(ctx)}`;

/** Notices after a redirect come from this fixed list, never from the query string itself. */
const NOTICES: Record<string, string> = {
  booked: 'You are booked. The invitation is on its way to your email; you can also add the coffee to your calendar below.',
  moved: 'Moved. The invitation has been updated with the new time.',
  cancelled: 'Cancelled. The invitation has been withdrawn.',
};

function noticeOf(ctx: GuestContext): string | undefined {
  const key = Object.keys(NOTICES).find((k) => queryParam(ctx.event, k) !== undefined);
  return key && NOTICES[key];
}

interface Shown {
  status: number;
  /** The zone the guest asked for; the host's when absent or invalid. */
  tz: string | undefined;
  error?: string;
}

async function managePage(ctx: GuestContext, shown: Shown): Promise<HttpResponse> {
  const shell = shellFor(ctx);
  let managed: ManagedBooking;
  try {
    managed = await openManageLink(ctx.deps, tokenOf(ctx), ctx.now);
  } catch (error) {
    // A cancelled coffee is a state to show (e.g. right after cancelling), not a failed request.
    if (error instanceof ManageError && error.kind === 'already-cancelled') return guestHtml(200, renderCancelledPage(noticeOf(ctx), shell), shell);
    throw error;
  }
  const alternatives = await alternativeSlots(ctx.deps, managed, ctx.now);
  const csrf = guestCsrf(ctx);
  const hostZone = managed.settings.timeZone;
  const page = renderManagePage(
    {
      path: pathOf(ctx),
      host: managed.settings.ownerEmails[0] ?? 'Your host',
      booking: managed.proposal.booking,
      location: coffeeSettingsOf(managed.settings).location,
      hostZone,
      zone: guestZoneOf(shown.tz, hostZone),
      alternatives,
      csrfToken: csrf.token,
      notice: shown.error ? undefined : noticeOf(ctx),
      error: shown.error,
    },
    shell,
  );
  return guestHtml(shown.status, page, shell, csrf.cookies);
}

async function showManage(ctx: GuestContext): Promise<HttpResponse> {
  return managePage(ctx, { status: 200, tz: queryParam(ctx.event, 'tz') });
}

async function downloadIcs(ctx: GuestContext): Promise<HttpResponse> {
  const managed = await openManageLink(ctx.deps, tokenOf(ctx), ctx.now);
  // On Rapport's own calendar the event's revision is known; a provider's calendar keeps its own.
  const onOwnCalendar = await ctx.deps.store.localCalendar.get(managed.userId, managed.proposal.booking.eventId);
  const ics = coffeeIcs(managed, { sequence: onOwnCalendar?.sequence ?? 0, now: ctx.now });
  const response = textResponse(200, ics, 'text/calendar; charset=utf-8');
  return { ...response, headers: { ...response.headers, 'content-disposition': 'attachment; filename="coffee.ics"' } };
}

async function postCancel(ctx: GuestContext): Promise<HttpResponse> {
  const fields = formFields(ctx.event);
  requireGuestCsrf(ctx, fields);
  try {
    await cancelBooking(ctx.deps, tokenOf(ctx), ctx.now);
  } catch (error) {
    // A second click on "Cancel" (or a second tab) finds it cancelled: the outcome they wanted.
    if (!(error instanceof ManageError && error.kind === 'already-cancelled')) throw error;
  }
  return redirect(`${pathOf(ctx)}?${zoneQuery(fields.tz)}cancelled=1`);
}

async function postMove(ctx: GuestContext): Promise<HttpResponse> {
  const fields = formFields(ctx.event);
  requireGuestCsrf(ctx, fields);
  try {
    const { moveFromForm } = await import('./booking-input.js');
    await rescheduleBooking(ctx.deps, tokenOf(ctx), moveFromForm(fields), ctx.now);
  } catch (error) {
    const http = asHttpError(error);
    if (!isRetryableChoice(http)) throw http;
    return managePage(ctx, { status: http.status, tz: fields.tz, error: http.message });
  }
  return redirect(`${pathOf(ctx)}?${zoneQuery(fields.tz)}moved=1`);
}

const MANAGE = String.raw`^\/book\/manage\/([^/]+)`;

export const manageRoutes: GuestRoute[] = [
  { method: 'GET', path: new RegExp(`${MANAGE}$`), run: showManage },
  { method: 'GET', path: new RegExp(`${MANAGE}\\/coffee\\.ics$`), run: downloadIcs },
  { method: 'POST', path: new RegExp(`${MANAGE}\\/cancel$`), run: postCancel },
  { method: 'POST', path: new RegExp(`${MANAGE}\\/move$`), run: postMove },
];
