import { cadenceDaysOf, effectiveDueAt } from '../../core/domain/cadence.js';
import type { TimelineEntry } from '../../core/domain/contact-timeline.js';
import { INTRO_KIND_LABELS, INTRO_KINDS, INTRO_MAX_CHARS, type Intro } from '../../core/domain/introductions.js';
import { NOTE_MAX_CHARS, type Note } from '../../core/domain/notes.js';
import { formatLocal, formatLocalDate } from '../../core/domain/time.js';
import type { ContactPageView } from '../../services/notes.js';
import { html, type SafeHtml } from './html.js';
import { page } from './layout.js';

/**
 * A contact's page: who they are, their notes (editable) and the intro and help log, as one
 * plain timeline, newest first. No score, ratio or balance: the log says what happened, not
 * who owes whom.
 */

const nav = html`<nav aria-label="Sections"><a href="/app">Dashboard</a><a href="/app#contacts">Contacts</a></nav>`;

function hidden(csrfToken: string): SafeHtml {
  return html`<input type="hidden" name="csrf" value="${csrfToken}">`;
}

function noteEntry(view: ContactPageView, note: Note, csrfToken: string): SafeHtml {
  const zone = view.settings.timeZone;
  const base = `/app/contacts/${encodeURIComponent(view.contact.email)}/notes/${encodeURIComponent(note.id)}`;
  const editId = `edit-${note.id}`;
  return html`<li class="card" data-note="${note.id}"><div class="muted">Note, ${formatLocal(note.createdAt, zone)}${note.updatedAt ? `, edited ${formatLocal(note.updatedAt, zone)}` : ''}${aboutMeeting(view, note)}</div>
<p class="note-text">${note.text}</p>
<details><summary>Edit or delete</summary>
<form method="post" action="${base}">${hidden(csrfToken)}<input type="hidden" name="action" value="edit">
<label for="${editId}">Edit note</label><br><textarea id="${editId}" name="text" rows="3" cols="60" maxlength="${NOTE_MAX_CHARS}" required>${note.text}</textarea><br>
<button type="submit">Save changes</button></form>
<form method="post" action="${base}">${hidden(csrfToken)}<input type="hidden" name="action" value="delete"><button type="submit" class="secondary">Delete note</button></form>
</details></li>`;
}

/** "about Coffee with Jane, Tue 3 Nov" when the note is about a meeting still on record. */
function aboutMeeting(view: ContactPageView, note: Note): SafeHtml | string {
  if (!note.meetingKey) return '';
  const meeting = view.meetings.find((m) => m.instanceKey === note.meetingKey);
  return meeting ? html` · about <em>${meeting.title ?? '(no title)'}</em>, ${formatLocalDate(meeting.start, view.settings.timeZone)}` : ' · about a meeting';
}

function introEntry(view: ContactPageView, intro: Intro): SafeHtml {
  const other = intro.otherEmail === view.contact.email ? intro.contactEmail : intro.otherEmail;
  const otherLabel = other ? html` · with <a href="/app/contacts/${encodeURIComponent(other)}">${view.names[other] ?? other}</a>` : '';
  return html`<li class="card" data-intro="${intro.id}"><div class="muted">${INTRO_KIND_LABELS[intro.kind]}${otherLabel}, ${formatLocalDate(intro.at, view.settings.timeZone)}</div>
<p>${intro.text}</p></li>`;
}

function timelineEntry(view: ContactPageView, entry: TimelineEntry, csrfToken: string): SafeHtml {
  return entry.kind === 'note' ? noteEntry(view, entry.note, csrfToken) : introEntry(view, entry.intro);
}

function noteForm(view: ContactPageView, csrfToken: string): SafeHtml {
  return html`<form method="post" action="/app/contacts/${encodeURIComponent(view.contact.email)}/notes">${hidden(csrfToken)}
<div class="field"><label for="new-note">New note (at most ${NOTE_MAX_CHARS} characters)</label>
<textarea id="new-note" name="text" rows="3" cols="60" maxlength="${NOTE_MAX_CHARS}" required></textarea></div>
${meetingSelect(view)}<button type="submit">Save note</button></form>`;
}

function meetingSelect(view: ContactPageView): SafeHtml | string {
  if (view.meetings.length === 0) return '';
  const zone = view.settings.timeZone;
  const options = view.meetings.map((m) => html`<option value="${m.instanceKey}">${formatLocalDate(m.start, zone)}: ${m.title ?? '(no title)'}</option>`);
  return html`<div class="field"><label for="note-meeting">About a meeting (optional)</label><select id="note-meeting" name="meetingKey"><option value="">No particular meeting</option>${options}</select></div>`;
}

function introForm(view: ContactPageView, csrfToken: string): SafeHtml {
  const options = INTRO_KINDS.map((k) => html`<option value="${k}">${INTRO_KIND_LABELS[k]}</option>`);
  return html`<form method="post" action="/app/contacts/${encodeURIComponent(view.contact.email)}/intros">${hidden(csrfToken)}
<fieldset><legend>Log an intro or a favour</legend>
<div class="field"><label for="intro-kind">What happened</label><select id="intro-kind" name="kind">${options}</select></div>
<div class="field"><label for="intro-other">The other person's email (optional)</label><input id="intro-other" name="otherEmail" type="email" size="36"></div>
<div class="field"><label for="intro-text">In a few words (at most ${INTRO_MAX_CHARS} characters)</label><input id="intro-text" name="text" size="60" maxlength="${INTRO_MAX_CHARS}" required></div>
<div class="field"><label for="intro-date">When (optional, default today)</label><input id="intro-date" name="date" type="date"></div>
<button type="submit">Add to the log</button></fieldset></form>`;
}

export function renderContactPage(view: ContactPageView, csrfToken: string, notice?: string): SafeHtml {
  const { contact, settings } = view;
  const zone = settings.timeZone;
  const cadence = cadenceDaysOf(contact, settings);
  const due = effectiveDueAt(contact);
  const entries = view.timeline.map((e) => timelineEntry(view, e, csrfToken));
  const body = html`<h1>${contact.name ?? contact.email}</h1>
${notice ? html`<p class="card" role="status">${notice}</p>` : ''}
<dl><dt>Email</dt><dd>${contact.email}</dd>
<dt>Tier</dt><dd>${contact.tier ?? 'none (not tracked)'}${cadence ? `, every ${cadence} days` : ''}</dd>
<dt>First met</dt><dd>${contact.firstMetAt ? formatLocalDate(contact.firstMetAt, zone) : '—'}${contact.firstMetAtTitle ? html` at <em>${contact.firstMetAtTitle}</em>` : ''}</dd>
<dt>Last met</dt><dd>${contact.lastMetAt ? formatLocalDate(contact.lastMetAt, zone) : '—'}</dd>
<dt>Next due</dt><dd>${due ? formatLocalDate(due, zone) : '—'}</dd>
${view.mailOptOut ? html`<dt>Email</dt><dd data-mail-opt-out="${view.mailOptOut.reason}">Opted out of email${view.mailOptOut.reason === 'unsubscribed' ? '' : ` (${view.mailOptOut.reason})`} on ${formatLocalDate(view.mailOptOut.at, zone)}: Rapport sends them no booking links.</dd>` : ''}</dl>
<section aria-labelledby="add"><h2 id="add">Remember something</h2>${noteForm(view, csrfToken)}${introForm(view, csrfToken)}</section>
<section aria-labelledby="timeline"><h2 id="timeline">Notes and log</h2>
${entries.length ? html`<ol class="plain timeline">${entries}</ol>` : html`<p class="muted">Nothing yet.</p>`}</section>
<section aria-labelledby="danger"><h2 id="danger">Delete</h2>
<form method="post" action="/app/contacts/${encodeURIComponent(contact.email)}/delete">${hidden(csrfToken)}<button type="submit" class="secondary">Delete ${contact.email} with all notes and log entries</button></form></section>`;
  return page({ title: contact.name ?? contact.email, body, nav });
}
