import type { Contact } from '../../core/domain/contact.js';
import { isFiltering } from '../../core/domain/contact-filter.js';
import { cadenceDaysOf, effectiveDueAt } from '../../core/domain/cadence.js';
import { describeReason, type Verdict } from '../../core/domain/inference.js';
import { TIER_NAMES, type UserSettings } from '../../core/domain/settings.js';
import { daysBetween, formatLocal, formatLocalDate, localDateOf } from '../../core/domain/time.js';
import type { DashboardView } from '../../services/dashboard.js';
import type { Connection } from '../../core/ports/connections.js';
import { contactFilterForm } from './contact-filter-form.js';
import { FOLLOW_UP_SCRIPT, followUpSection } from './follow-up-list.js';
import { html, type SafeHtml } from './html.js';
import { page } from './layout.js';
import { OUTBOX_ONLY } from './outbox-page.js';
import { addNoteForm, lastNoteLine } from './note-views.js';
import { linkMailForm } from './link-mail-form.js';
import { addCalendarForms } from './add-calendar-form.js';

/** Renders the dashboard. Every value from a calendar or a person goes through `html`, which escapes. */

export interface FormContext {
  csrfToken: string;
  /** Outlook can be connected here (RAPPORT_MICROSOFT_* configured). */
  outlookConfigured?: boolean;
  /** Google OAuth is configured: the Connect Google Calendar button is offered. */
  googleConfigured?: boolean;
  /** CSP nonce of the follow-up list's script; without one the page works with links and forms only. */
  scriptNonce?: string;
  /** Cloud only: the account the user signed in with; locally absent (no sign-in, no sign-out). */
  signedInAs?: string;
  /** Search and filter values from the URL that were ignored, each said in a sentence. */
  ignoredFilters?: readonly string[];
  /** An uploaded .ics file can be kept here (local mode); otherwise only published addresses are offered. */
  calendarUploads?: boolean;
}

const nav = html`<nav aria-label="Sections"><a href="#follow-ups">Follow-ups</a><a href="#due">Due</a><a href="#proposals">Coffee</a><a href="#contacts">Contacts</a><a href="#met">Who you met</a><a href="/app/outbox">Outbox</a><a href="#calendars">Calendars</a><a href="/app/review">Weekly review</a><a href="/app/settings">Settings</a></nav>`;

function who(contact: Pick<Contact, 'email' | 'name'>): SafeHtml {
  const label = contact.name ? html`<strong>${contact.name}</strong> <span class="muted">${contact.email}</span>` : html`<strong>${contact.email}</strong>`;
  return html`<a href="/app/contacts/${encodeURIComponent(contact.email)}">${label}</a>`;
}

function contactForm(ctx: FormContext, email: string, action: string, fields: SafeHtml | string, label: string, secondary = false): SafeHtml {
  return html`<form class="inline" method="post" action="/app/contacts/${encodeURIComponent(email)}">
<input type="hidden" name="csrf" value="${ctx.csrfToken}"><input type="hidden" name="action" value="${action}">${fields}
<button type="submit"${secondary ? html` class="secondary"` : ''}>${label}</button></form>`;
}

function dueSection(view: DashboardView): SafeHtml {
  const zone = view.settings.timeZone;
  const rows = view.due.map((c) => {
    const due = effectiveDueAt(c) ?? view.now;
    const late = daysBetween(due, view.now);
    return html`<tr data-due-email="${c.email}"><td data-label="Contact">${who(c)}${lastNoteLine(view.latestNotes.get(c.email))}</td><td data-label="Tier">${c.tier ?? '—'}</td><td data-label="Last met">${c.lastMetAt ? formatLocalDate(c.lastMetAt, zone) : 'never (1:1)'}</td>
<td data-label="Due since">${formatLocalDate(due, zone)}</td><td data-label="Status">${late > 0 ? `${late} days overdue` : 'due today'}</td></tr>`;
  });
  return html`<section aria-labelledby="due"><h2 id="due">Due now</h2>
${rows.length ? html`<table><caption>Most overdue first</caption><thead><tr><th scope="col">Contact</th><th scope="col">Tier</th><th scope="col">Last met</th><th scope="col">Due since</th><th scope="col">Status</th></tr></thead><tbody>${rows}</tbody></table>` : html`<p class="muted">Nobody is due. Nicely done.</p>`}</section>`;
}

/** "Jane books from Asia/Tokyo": the host sees the coffee as the guest does. */
function guestZoneLine(booking: NonNullable<DashboardView['proposals'][number]['proposal']['booking']>, contactName: string | undefined): SafeHtml | string {
  if (!booking.guestZone) return '';
  const guest = booking.guestName || contactName || booking.guestEmail;
  return html`<div class="muted">${guest} books from ${booking.guestZone} (${formatLocal(booking.start, booking.guestZone)} their time)</div>`;
}

function proposalItem(entry: DashboardView['proposals'][number], zone: string, mail: SafeHtml | string): SafeHtml {
  const { proposal, link } = entry;
  const who = html`<strong>${proposal.contactName ?? proposal.contactEmail}</strong> <span class="muted">${proposal.contactEmail}</span>`;
  if (proposal.status === 'booked' && proposal.booking) {
    return html`<li class="card">${who} — booked for ${formatLocal(proposal.booking.start, zone)}${guestZoneLine(proposal.booking, proposal.contactName)}</li>`;
  }
  const times = proposal.slots.map((s) => html`<li>${formatLocal(s.start, zone)}</li>`);
  const linkId = `link-${proposal.id}`;
  return html`<li class="card">${who} — offered:<ul>${times}</ul>
<label for="${linkId}">Booking link to send (valid until ${formatLocal(proposal.expiresAt, zone)})</label><br>
<input id="${linkId}" class="booking-link" readonly size="70" value="${link}">${mail}</li>`;
}

function proposalsSection(view: DashboardView, ctx: FormContext): SafeHtml {
  const zone = view.settings.timeZone;
  const items = view.proposals.map((p) => proposalItem(p, zone, linkMailForm(p.proposal, view.linkMail?.get(p.proposal.id), ctx.csrfToken, zone)));
  return html`<section aria-labelledby="proposals"><h2 id="proposals">Coffee proposals</h2>
${items.length ? html`<ul class="plain">${items}</ul>` : html`<p class="muted">No open proposals.</p>`}
<form method="post" action="/app/propose"><input type="hidden" name="csrf" value="${ctx.csrfToken}"><button type="submit">Propose coffees now</button></form></section>`;
}

function tierSelect(c: Contact): SafeHtml {
  const id = `tier-${c.email}`;
  const options = [...TIER_NAMES.map((t) => [t, t] as const), ['none', 'no tier (not tracked)'] as const].map(
    ([value, label]) => html`<option value="${value}"${(c.tier ?? 'none') === value ? html` selected` : ''}>${label}</option>`,
  );
  return html`<label for="${id}" class="visually-hidden">Tier for ${c.email}</label><select id="${id}" name="tier">${options}</select>`;
}

function contactRow(c: Contact, settings: UserSettings, ctx: FormContext, view: DashboardView): SafeHtml {
  const zone = settings.timeZone;
  const cadence = cadenceDaysOf(c, settings);
  const due = effectiveDueAt(c);
  const cadenceId = `cadence-${c.email}`;
  const snoozeId = `snooze-${c.email}`;
  const tierForm = contactForm(ctx, c.email, 'set-tier', tierSelect(c), 'Save tier');
  const cadenceForm = contactForm(
    ctx,
    c.email,
    'set-cadence',
    html`<label for="${cadenceId}" class="visually-hidden">Cadence in days for ${c.email}</label><input id="${cadenceId}" name="cadenceDays" type="number" min="1" max="3650" inputmode="numeric" size="4" value="${c.cadenceDays ?? ''}" placeholder="${cadence ?? ''}"> days`,
    'Set cadence',
    true,
  );
  const snoozeForm = c.snoozedUntil
    ? contactForm(ctx, c.email, 'unsnooze', html`<span>Snoozed until ${formatLocalDate(c.snoozedUntil, zone)}</span>`, 'Unsnooze', true)
    : contactForm(ctx, c.email, 'snooze', html`<label for="${snoozeId}" class="visually-hidden">Snooze ${c.email} until</label><input id="${snoozeId}" name="until" type="date">`, 'Snooze', true);
  const ignoreForm = contactForm(ctx, c.email, c.ignored ? 'unignore' : 'ignore', '', c.ignored ? 'Stop ignoring' : 'Ignore', true);
  return html`<tr data-email="${c.email}"><td data-label="Contact">${who(c)}${c.ignored ? html` <span class="muted">(ignored)</span>` : ''}${lastNoteLine(view.latestNotes.get(c.email))}${addNoteForm(ctx.csrfToken, c.email)}</td>
<td data-label="Tier">${tierForm}</td><td data-label="Cadence">${cadence ? `every ${cadence} days` : '—'}<br>${cadenceForm}</td>
<td data-label="Last met">${c.lastMetAt ? formatLocalDate(c.lastMetAt, zone) : c.firstMetAt ? html`<span class="muted">seen ${formatLocalDate(c.firstMetAt, zone)}</span>` : '—'}</td>
<td data-label="Next due">${due ? localDateOf(due, zone) : '—'}</td><td data-label="Snooze / ignore">${snoozeForm}${ignoreForm}</td></tr>`;
}

function contactsSection(view: DashboardView, ctx: FormContext): SafeHtml {
  const listed = view.listedContacts;
  const filtering = isFiltering(view.contactFilter);
  const rows = listed.map((c) => contactRow(c, view.settings, ctx, view));
  const count = filtering ? `${listed.length} of ${view.contacts.length}` : `${view.contacts.length}`;
  const caption = filtering ? 'The contacts that match your search and filters' : 'Everyone you have met, with their tier and cadence';
  const table = rows.length
    ? html`<table><caption>${caption}</caption><thead><tr><th scope="col">Contact</th><th scope="col">Tier</th><th scope="col">Cadence</th><th scope="col">Last met</th><th scope="col">Next due</th><th scope="col">Snooze / ignore</th></tr></thead>
<tbody>${rows}</tbody></table>`
    : html`<p class="muted">${filtering ? 'No contact matches this search and these filters.' : 'Nobody yet: contacts appear once a calendar is synced.'}</p>`;
  return html`<section aria-labelledby="contacts"><h2 id="contacts">Contacts (${count})</h2>
${contactFilterForm(view.contactFilter, ctx.ignoredFilters ?? [])}${table}</section>`;
}

function verdictRow(v: Verdict, zone: string): SafeHtml {
  const outcome = v.counted
    ? html`<span class="counted">${v.reason === 'met' ? 'Met' : 'Networking event'}</span>`
    : html`<span class="excluded">Not counted</span>`;
  const people = v.counted ? v.with.map((email) => html`${v.names[email] ?? email}${' '}`) : '';
  return html`<tr><td data-label="When">${formatLocal(v.event.start, zone)}</td><td data-label="Event">${v.event.title ?? '(no title)'}</td><td data-label="Verdict">${outcome}<div class="reason">${describeReason(v.reason)}</div></td><td data-label="With">${people}</td></tr>`;
}

function metSection(view: DashboardView): SafeHtml {
  const rows = view.recent.map((v) => verdictRow(v, view.settings.timeZone));
  return html`<section aria-labelledby="met"><h2 id="met">Who you met, and why each event counted or not</h2>
<table><caption>Events of the last eight weeks, newest first</caption><thead><tr><th scope="col">When</th><th scope="col">Event</th><th scope="col">Verdict</th><th scope="col">With</th></tr></thead><tbody>${rows}</tbody></table></section>`;
}

/** Every message Rapport sent or keeps for this user lives on its own page; here, where to find it. */
function outboxSection(view: DashboardView): SafeHtml {
  return html`<section aria-labelledby="outbox"><h2 id="outbox">Outbox</h2>
<p><a href="/app/outbox">Invitations, alerts and other mail Rapport sent for you</a>${view.mailSends ? '' : html` <span class="muted">(${OUTBOX_ONLY})</span>`}</p></section>`;
}

function feedForm(view: DashboardView, ctx: FormContext): SafeHtml {
  if (!view.suggestionsFeed) return html``;
  return html`<p><label for="feed-url">Subscribe to Rapport's calendar (holds and booked coffees) in your calendar app</label><br>
<input id="feed-url" readonly size="70" value="${view.suggestionsFeed}"></p>
<form method="post" action="/app/feed/renew"><input type="hidden" name="csrf" value="${ctx.csrfToken}"><button type="submit" class="secondary">Give the feed a new address</button> <span class="muted">if the address leaked: the old one stops working</span></form>`;
}

/** A link, not a form: the page's CSP allows forms to post only to us, and this one goes on to Google. */
function googleConnectLink(label: string): SafeHtml {
  return html`<p><a class="button" href="/oauth/google/start">${label}</a></p>`;
}

/** Which of a Google account's calendars count (the primary by default), and a form to tick others. */
function countingCalendars(c: Connection, ctx: FormContext): SafeHtml | string {
  const calendars = c.calendars ?? [];
  if (calendars.length === 0) return '';
  const counting = calendars.filter((calendar) => calendar.counts).map((calendar) => calendar.label);
  const boxes = calendars.map(
    (calendar) => html`<label><input type="checkbox" name="count" value="${calendar.id}"${calendar.counts ? html` checked` : ''}> ${calendar.label}</label> `,
  );
  return html`<div class="muted">Counts: ${counting.length ? counting.join(', ') : 'the primary calendar'}</div>
<details><summary>Choose calendars</summary><form method="post" action="/app/connections/${encodeURIComponent(c.id)}/calendars"><input type="hidden" name="csrf" value="${ctx.csrfToken}">${boxes}<button type="submit" class="secondary">Save calendars</button></form></details>`;
}

function connectionsSection(view: DashboardView, ctx: FormContext): SafeHtml {
  const zone = view.settings.timeZone;
  const rows = view.connections.map(
    (c: Connection) => html`<tr><td data-label="Calendar">${c.label}${countingCalendars(c, ctx)}</td><td data-label="Kind">${c.kind}</td><td data-label="Health">${c.status}${c.lastError ? html`<div class="reason">${c.lastError}</div>` : ''}${c.warnings?.length ? html`<details class="reason"><summary>Read with ${c.warnings.length} ${c.warnings.length === 1 ? 'warning' : 'warnings'}</summary><ul>${c.warnings.map((w) => html`<li>${w}</li>`)}</ul></details>` : ''}${
      c.kind === 'google' && c.status === 'needs-reconnect' && ctx.googleConfigured ? googleConnectLink('Reconnect Google') : ''
    }</td><td data-label="Last sync">${c.lastSyncAt ? formatLocal(c.lastSyncAt, zone) : 'never'}</td></tr>`,
  );
  const connectGoogle = ctx.googleConfigured ? googleConnectLink('Connect Google Calendar') : '';
  return html`<section aria-labelledby="calendars"><h2 id="calendars">Calendars</h2>
<table><caption>Connected calendars</caption><thead><tr><th scope="col">Calendar</th><th scope="col">Kind</th><th scope="col">Health</th><th scope="col">Last sync</th></tr></thead><tbody>${rows}</tbody></table>
<p class="muted">Feeds are read every 15 minutes; Google and Outlook whenever they report a change, and every twelve hours in case a report was lost (every 15 minutes while they cannot report). While nothing changes, “Last sync” is updated every six hours (twelve for Google and Outlook); a calendar that cannot be read shows it at once.</p>
<form method="post" action="/app/sync"><input type="hidden" name="csrf" value="${ctx.csrfToken}"><button type="submit">Sync now</button></form>
${addCalendarForms(ctx)}${connectGoogle}${outlookButton(view, ctx)}${feedForm(view, ctx)}</section>`;
}


/** A link, not a form: starting a sign-in changes nothing; the callback is what the state protects. */
function outlookButton(view: DashboardView, ctx: FormContext): SafeHtml {
  if (!ctx.outlookConfigured) return html``;
  const lost = view.connections.find((c) => c.kind === 'microsoft' && c.status === 'needs-reconnect');
  const label = lost ? `Reconnect Outlook (${lost.account ?? lost.label})` : 'Connect Outlook / Microsoft 365';
  return html`<p><a class="button" href="/oauth/microsoft/start">${label}</a></p>`;
}

function signedInLine(ctx: FormContext): SafeHtml | string {
  if (!ctx.signedInAs) return '';
  return html`<div class="muted">Signed in as <strong>${ctx.signedInAs}</strong>
<form class="inline" method="post" action="/signout"><input type="hidden" name="csrf" value="${ctx.csrfToken}"><button type="submit" class="secondary">Sign out</button></form></div>`;
}

/**
 * A Google connection made with an OAuth client in testing mode stops a week after connecting:
 * the day it happens, in the user's zone, and the two ways out.
 */
function googleTestingWarning(view: DashboardView, ctx: FormContext): SafeHtml | string {
  if (view.googleTestingExpiries.length === 0) return '';
  const items = view.googleTestingExpiries.map(
    (e) => html`<li><strong>${e.label}</strong> will stop syncing on ${formatLocal(e.stopsAt, view.settings.timeZone)}.</li>`,
  );
  return html`<div class="card" role="alert" id="google-testing"><p>Your Google OAuth app is in testing mode, so Google ends its access seven days after you connect:</p><ul>${items}</ul>
<p>To keep it working, publish the app (Google Cloud console, OAuth consent screen, "Publish app") and then set <code>RAPPORT_GOOGLE_OAUTH_TESTING=0</code>, or reconnect Google before that date${ctx.googleConfigured ? html` (<a href="/oauth/google/start">Reconnect Google</a>)` : ''}.</p></div>`;
}

export function renderDashboard(view: DashboardView, ctx: FormContext, notice?: string): SafeHtml {
  const body = html`${signedInLine(ctx)}<h1>Keep in touch</h1>
<p class="muted">Times in ${view.settings.timeZone}. ${view.due.length} due, ${view.followUps.length} to follow up.</p>
${notice ? html`<p class="card" role="status">${notice}</p>` : ''}
${googleTestingWarning(view, ctx)}
${followUpSection(view.followUps, { csrfToken: ctx.csrfToken, timeZone: view.settings.timeZone })}${dueSection(view)}${proposalsSection(view, ctx)}${contactsSection(view, ctx)}${metSection(view)}${outboxSection(view)}${connectionsSection(view, ctx)}`;
  const script = ctx.scriptNonce && view.followUps.length > 0 ? { nonce: ctx.scriptNonce, source: FOLLOW_UP_SCRIPT } : undefined;
  return page({ title: 'Dashboard', body, nav, script });
}
