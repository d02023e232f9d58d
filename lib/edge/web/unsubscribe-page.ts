import type { UnsubscribeClaims } from '../../services/unsubscribe-tokens.js';
import { html, type SafeHtml } from './html.js';
import { page } from './layout.js';

/** The pages behind an email's unsubscribe link: a confirm button (GET never acts), then the answer. */

const WHAT: Record<UnsubscribeClaims['scope'], string> = {
  'booking-link': 'coffee invitations with booking links',
  digest: 'the weekly review',
  'follow-up': 'the morning follow-up emails',
};

export function renderUnsubscribeConfirm(claims: UnsubscribeClaims, sender: string, path: string): SafeHtml {
  return page({
    title: 'Unsubscribe',
    guest: true,
    body: html`<h1>Stop these emails?</h1>
<p>You got this link in one of ${WHAT[claims.scope]} that Rapport sends for ${sender}. Unsubscribing stops the booking links, reviews and follow-up emails Rapport sends for ${sender} to <strong>${claims.email}</strong>; invitations to a coffee already booked still come.</p>
<form method="post" action="${path}"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">Unsubscribe ${claims.email}</button></form>`,
  });
}

export function renderUnsubscribed(claims: UnsubscribeClaims, sender: string): SafeHtml {
  return page({
    title: 'Unsubscribed',
    guest: true,
    body: html`<h1>You are unsubscribed</h1><p role="status">Rapport will send no more emails from ${sender} to <strong>${claims.email}</strong>. Invitations to a coffee you booked still reach you.</p>`,
  });
}
