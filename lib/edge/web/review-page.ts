import type { Contact } from '../../core/domain/contact.js';
import { effectiveDueAt } from '../../core/domain/cadence.js';
import { formatLocal, formatLocalDate } from '../../core/domain/time.js';
import type { WeeklyReview } from '../../services/review.js';
import { html, type SafeHtml } from './html.js';
import { page } from './layout.js';

/** The weekly review page: a short list to read on Monday morning. */

function person(c: Pick<Contact, 'email' | 'name'>): SafeHtml {
  return c.name ? html`${c.name} <span class="muted">${c.email}</span>` : html`${c.email}`;
}

function list(items: SafeHtml[], empty: string): SafeHtml {
  return items.length ? html`<ul>${items.map((i) => html`<li>${i}</li>`)}</ul>` : html`<p class="muted">${empty}</p>`;
}

export function renderReview(review: WeeklyReview): SafeHtml {
  const zone = review.timeZone;
  const body = html`<h1>Weekly review</h1>
<p class="muted">Week ending ${formatLocalDate(new Date(Date.parse(review.weekEndsAt) - 1).toISOString(), zone)} · times in ${zone}</p>
<section aria-labelledby="r-due"><h2 id="r-due">Due this week (${review.dueThisWeek.length})</h2>
${list(review.dueThisWeek.map((c) => html`${person(c)} — due ${formatLocalDate(effectiveDueAt(c) ?? review.now, zone)}`), 'Nobody is due this week.')}</section>
<section aria-labelledby="r-waiting"><h2 id="r-waiting">Waiting for an answer (${review.waiting.length})</h2>
${list(review.waiting.map((p) => html`${person({ email: p.contactEmail, name: p.contactName })} — link valid until ${formatLocal(p.expiresAt, zone)}`), 'No open proposals.')}</section>
<section aria-labelledby="r-booked"><h2 id="r-booked">Coffees booked (${review.booked.length})</h2>
${list(review.booked.map((p) => html`${person({ email: p.contactEmail, name: p.contactName })} — ${formatLocal(p.booking!.start, zone)}`), 'No coffees booked in the last seven days or ahead.')}</section>
<section aria-labelledby="r-followed"><h2 id="r-followed">Followed up in the last seven days (${review.followedUp.length})</h2>
${list(review.followedUp.map((c) => html`${person(c)} — ${formatLocal(c.followUpDoneAt!, zone)}`), 'No follow-ups marked done this week.')}</section>
<section aria-labelledby="r-snoozed"><h2 id="r-snoozed">Snoozed (${review.snoozed.length})</h2>
${list(review.snoozed.map((c) => html`${person(c)} — until ${formatLocalDate(c.snoozedUntil!, zone)}`), 'Nobody is snoozed.')}</section>`;
  return page({ title: 'Weekly review', body, nav: html`<nav aria-label="Sections"><a href="/app">Dashboard</a><a href="/app/settings">Settings</a></nav>` });
}
