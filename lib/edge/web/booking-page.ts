import { html, type SafeHtml } from './html.js';
import type { GuestZone } from './guest-zone.js';
import { guestPage, notices, timeChoices, zonePicker, type GuestShell } from './guest-page.js';
import type { MeetingPlace } from '../../core/domain/meeting-place.js';
import { meetingPlaceHtml } from './meeting-place-view.js';

/**
 * The page a booking link opens: who invites, for how long, where, and the offered times that
 * are still free, in the guest's zone. No sign-in: the link is the guest's key.
 */

export interface BookingPageView {
  /** The page's own path, `/book/{token}`: the forms post back to it. */
  path: string;
  /** How the host appears to the guest: their display name, else their first address. Untrusted. */
  host: string;
  /** Untrusted (from a calendar). */
  contactName?: string;
  durationMinutes: number;
  /** Where: the host's words or link (untrusted), or the provider meeting that will be made. */
  place: MeetingPlace;
  hostZone: string;
  zone: GuestZone;
  slots: readonly { start: string; end: string }[];
  csrfToken: string;
  /** Why the last submit did not book (a re-rendered form), and what the guest had typed. */
  error?: string;
  input?: { start?: string; name?: string; email?: string };
  now: string;
}

function intro(view: BookingPageView): SafeHtml {
  return html`<h1>Coffee with ${view.host}</h1>
${view.contactName ? html`<p>Hi ${view.contactName},</p>` : ''}
<p>${view.host} would like to catch up over a ${view.durationMinutes}-minute coffee.</p>
<p><strong>Where:</strong> ${meetingPlaceHtml(view.place, 'offered', view.host)}</p>`;
}

function bookingForm(view: BookingPageView): SafeHtml {
  const input = view.input ?? {};
  return html`<form method="post" action="${view.path}">
<input type="hidden" name="csrf" value="${view.csrfToken}">
<input type="hidden" name="tz" value="${view.zone.chosen ? view.zone.zone : ''}">
${timeChoices('Pick a time', view.slots, view.zone.zone, input.start)}
<fieldset><legend>About you (optional)</legend>
<div class="field"><label for="name">Your name</label><input id="name" name="name" type="text" maxlength="100" autocomplete="name" value="${input.name ?? ''}"></div>
<div class="field"><label for="email">Your email</label><input id="email" name="email" type="email" maxlength="254" autocomplete="email" aria-describedby="email-hint" value="${input.email ?? ''}">
<span id="email-hint" class="muted">Leave empty to get the invitation at the address this link was sent to.</span></div>
</fieldset>
<p><button type="submit">Book this time</button></p>
</form>`;
}

export function renderBookingPage(view: BookingPageView, shell: GuestShell): SafeHtml {
  const body = html`${intro(view)}
${notices(undefined, view.error)}
${zonePicker(view.path, view.zone, view.hostZone, view.slots[0]?.start ?? view.now)}
${bookingForm(view)}`;
  return guestPage(`Coffee with ${view.host}`, body, shell);
}

/**
 * Every offered time has been taken by something else since the link was made. Answered with
 * 200: the link is valid and this page is its current, correct state (not a failed request).
 */
export function renderNoTimesLeft(view: Pick<BookingPageView, 'host' | 'error'>, shell: GuestShell): SafeHtml {
  const body = html`<h1>Coffee with ${view.host}</h1>
${view.error ? notices(undefined, view.error) : ''}
<p class="card" role="status">None of the times offered in this link is free any more. Please ask ${view.host} for new times.</p>`;
  return guestPage(`Coffee with ${view.host}`, body, shell);
}
