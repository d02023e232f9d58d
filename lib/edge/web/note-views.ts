import { noteSnippet, type Note } from '../../core/domain/notes.js';
import { html, type SafeHtml } from './html.js';

/** The last note next to a contact wherever they are listed: one line, escaped, nothing if none. */
export function lastNoteLine(notes: readonly Note[] | undefined): SafeHtml {
  const note = notes?.[0];
  return note ? html`<div class="reason last-note">Note: ${noteSnippet(note.text)}</div>` : html``;
}

/** A one-box "add a note" form for a contact (the contact page edits and deletes notes). */
export function addNoteForm(csrfToken: string, email: string, idPrefix = 'note'): SafeHtml {
  const id = `${idPrefix}-${email}`;
  return html`<form class="inline" method="post" action="/app/contacts/${encodeURIComponent(email)}/notes">
<input type="hidden" name="csrf" value="${csrfToken}"><input type="hidden" name="back" value="dashboard"><label for="${id}" class="visually-hidden">Note about ${email}</label>
<input id="${id}" name="text" maxlength="1000" size="28" placeholder="Add a note" required><button type="submit" class="secondary">Save note</button></form>`;
}
