import { hostNameOf } from '../../core/domain/settings.js';
import { bookedMeetingPlace } from '../../services/meeting-support.js';
import { formFields } from '../http/request.js';
import { htmlResponse, redirect, textResponse, type HttpResponse } from '../http/response.js';
import { ManageError } from '../../services/booking-errors.js';
import { alternativeSlots, bookedEventRevision, cancelBooking, openManageLink, rescheduleBooking, type ManagedBooking } from '../../services/manage-booking.js';
import { invitationDelivery } from '../../services/invitation-delivery.js';
import { coffeeIcs } from './coffee-ics.js';
import { answerGuestPage, chooseOrShowAgain, firstShown, guestShellOf, requireGuestCsrf, zoneQuery, type GuestContext, type GuestRoute, type Shown } from './guest-route.js';
import { renderCancelledPage, renderManagePage } from './manage-page.js';
import { noticeFrom } from './route.js';

/**
 * `/book/manage/{token}`: the guest's confirmation, with its .ics, cancel and move. The token
 * is signed and names the booking; the services check it on every request.
 */

const tokenOf = (ctx: GuestContext) => ctx.params[0] ?? '';
const pathOf = (ctx: GuestContext) => `/book/manage/${tokenOf(ctx)}`;

/**
 * Notices after a redirect come from these fixed lists, never from the query string itself; which
 * list depends on whether the invitation really went out by email (invitation-delivery.ts).
 */
const NOTICES: Record<string, string> = {
  booked: 'You are booked. The invitation is on its way to your email; you can also add the coffee to your calendar below.',
  moved: 'Moved. The invitation has been updated with the new time.',
  cancelled: 'Cancelled. The coffee is off the host’s calendar.',
};
const NOTICES_KEPT: Record<string, string> = {
  booked: 'You are booked. No email was sent: the invitation is kept in the host’s outbox, so add the coffee to your calendar below.',
  moved: 'Moved. No email was sent: the update is kept in the host’s outbox, so update your calendar with the file below.',
  cancelled: NOTICES.cancelled!,
};

async function managePage(ctx: GuestContext, shown: Shown): Promise<HttpResponse> {
  let managed: ManagedBooking;
  try {
    managed = await openManageLink(ctx.deps, tokenOf(ctx), ctx.now);
  } catch (error) {
    // A cancelled coffee is a state to show (e.g. right after cancelling), not a failed request.
    if (!(error instanceof ManageError && error.kind === 'already-cancelled')) throw error;
    const shell = guestShellOf(ctx);
    return htmlResponse(200, renderCancelledPage(noticeFrom(NOTICES, ctx.event), shell), { scriptNonce: shell.nonce });
  }
  const [alternatives, delivery, place] = await Promise.all([
    alternativeSlots(ctx.deps, managed, ctx.now),
    invitationDelivery(ctx.deps, managed),
    bookedMeetingPlace(ctx.deps, managed.userId, managed.proposal, managed.settings),
  ]);
  const notices = delivery === 'kept' ? NOTICES_KEPT : NOTICES;
  const hostZone = managed.settings.timeZone;
  return answerGuestPage(ctx, shown, hostZone, ({ shell, zone, csrfToken }) =>
    renderManagePage(
      {
        path: pathOf(ctx),
        host: hostNameOf(managed.settings),
        booking: managed.proposal.booking,
        place,
        hostZone,
        zone,
        alternatives,
        csrfToken,
        notice: shown.error ? undefined : noticeFrom(notices, ctx.event),
        error: shown.error,
      },
      shell,
    ),
  );
}

async function downloadIcs(ctx: GuestContext): Promise<HttpResponse> {
  const managed = await openManageLink(ctx.deps, tokenOf(ctx), ctx.now);
  const place = await bookedMeetingPlace(ctx.deps, managed.userId, managed.proposal, managed.settings);
  const ics = coffeeIcs(managed, place, { sequence: await bookedEventRevision(ctx.deps, managed), now: ctx.now });
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
  return chooseOrShowAgain(
    async () => {
      const { moveFromForm } = await import('./booking-input.js');
      await rescheduleBooking(ctx.deps, tokenOf(ctx), moveFromForm(fields), ctx.now);
      return `${pathOf(ctx)}?${zoneQuery(fields.tz)}moved=1`;
    },
    (failure) => managePage(ctx, { status: failure.status, tz: fields.tz, error: failure.message }),
  );
}

const MANAGE = String.raw`^\/book\/manage\/([^/]+)`;

export const manageRoutes: GuestRoute[] = [
  { method: 'GET', path: new RegExp(`${MANAGE}$`), run: (ctx) => managePage(ctx, firstShown(ctx)) },
  { method: 'GET', path: new RegExp(`${MANAGE}\\/coffee\\.ics$`), run: downloadIcs },
  { method: 'POST', path: new RegExp(`${MANAGE}\\/cancel$`), run: postCancel },
  { method: 'POST', path: new RegExp(`${MANAGE}\\/move$`), run: postMove },
];
