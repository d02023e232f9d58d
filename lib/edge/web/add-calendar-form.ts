import type { FormContext } from './dashboard.js';
import { html, type SafeHtml } from './html.js';
import { MAX_UPLOAD_BYTES } from './ics-routes.js';

/** A published address (https or webcal) or an .ics file; either is read once before it is connected. */
export function addCalendarForms(ctx: Pick<FormContext, 'csrfToken' | 'calendarUploads'>): SafeHtml {
  const upload = ctx.calendarUploads
    ? html`<form method="post" action="/app/calendars/upload" enctype="multipart/form-data"><input type="hidden" name="csrf" value="${ctx.csrfToken}">
<label for="ics-file">Or upload an .ics file (an export of your calendar, up to ${MAX_UPLOAD_BYTES / (1024 * 1024)} MB)</label><br><input id="ics-file" name="file" type="file" accept=".ics,text/calendar" required>
<button type="submit" class="secondary">Upload and connect</button></form>`
    : html`<p class="muted">Uploading an .ics file works in local mode (<code>npm start</code>) only; here, add the calendar by its published address.</p>`;
  return html`<h3>Add a calendar</h3>
<form method="post" action="/app/calendars/address"><input type="hidden" name="csrf" value="${ctx.csrfToken}">
<label for="ics-url">Published calendar address (https:// or webcal://, e.g. Google's "secret address in iCal format")</label><br><input id="ics-url" name="url" type="text" inputmode="url" size="60" maxlength="2000" required>
<button type="submit">Add calendar</button></form>
${upload}`;
}
