import type { Booking } from '../../core/domain/proposal.js';
import { html, type SafeHtml } from './html.js';
import type { GuestZone } from './guest-zone.js';
import { guestPage, notices, timeChoices, zonePicker, type GuestShell } from './guest-page.js';
import { slotLabel } from './guest-time.js';
import type { MeetingPlace } from '../../core/domain/meeting-place.js';
import { meetingPlaceHtml } from './meeting-place-view.js';

/**
 * The guest's confirmation and manage page, behind the signed manage link: when and where,
 * an .ics to add it to their calendar, cancel, or move to another offered time that is still
 * free. Shows only the booking itself: never the host's private notes on their holds.
 */

export interface ManagePageView {
  /** `/book/manage/{token}`: forms post below it. */
  path: string;
  host: string;
  booking: Pick<Booking, 'start' | 'end' | 'guestEmail' | 'guestName'>;
  /** Where, with the Meet or Teams link once the provider made it. Untrusted text inside. */
  place: MeetingPlace;
  hostZone: string;
  zone: GuestZone;
  alternatives: readonly { start: string; end: string }[];
  csrfToken: string;
  notice?: string;
  error?: string;
}

function moveForm(view: ManagePageView): SafeHtml {
  if (view.alternatives.length === 0) {
    return html`<p class="muted">None of the other times first offered is still free. To find another time, cancel and ask ${view.host} for new times.</p>`;
  }
  return html`<form method="post" action="${view.path}/move">
<input type="hidden" name="csrf" value="${view.csrfToken}"><input type="hidden" name="tz" value="${view.zone.chosen ? view.zone.zone : ''}">
${timeChoices('Other times still free', view.alternatives, view.zone.zone)}
<p><button type="submit">Move to this time</button></p></form>`;
}

export function renderManagePage(view: ManagePageView, shell: GuestShell): SafeHtml {
  const { booking } = view;
  const body = html`<h1>Your coffee with ${view.host}</h1>
${notices(view.notice, view.error)}
<dl>
<dt>When</dt><dd><strong>${slotLabel(booking, view.zone.zone)}</strong></dd>
<dt>Where</dt><dd>${meetingPlaceHtml(view.place, 'booked', view.host)}</dd>
<dt>Invitation for</dt><dd>${booking.guestName ? html`${booking.guestName} ` : ''}&lt;${booking.guestEmail}&gt;</dd>
</dl>
<p><a href="${view.path}/coffee.ics" download="coffee.ics">Add to calendar (.ics file)</a></p>
${zonePicker(view.path, view.zone, view.hostZone, booking.start)}
<section aria-labelledby="move"><h2 id="move">Move to another time</h2>${moveForm(view)}</section>
<section aria-labelledby="cancel"><h2 id="cancel">Cancel</h2>
<form method="post" action="${view.path}/cancel">
<input type="hidden" name="csrf" value="${view.csrfToken}"><input type="hidden" name="tz" value="${view.zone.chosen ? view.zone.zone : ''}">
<p><button type="submit" class="secondary">Cancel this coffee</button></p></form></section>`;
  return guestPage(`Coffee with ${view.host}`, body, shell);
}

/** After a cancel (or on a cancelled coffee's link): its state, with nothing left to do. */
export function renderCancelledPage(notice: string | undefined, shell: GuestShell): SafeHtml {
  const body = html`<h1>Coffee cancelled</h1>
${notices(notice, undefined)}
<p>This coffee was cancelled and is off the calendar. Nothing else to do.</p>`;
  return guestPage('Coffee cancelled', body, shell);
}
