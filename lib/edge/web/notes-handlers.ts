import { mailtoUrlOf } from '../../core/domain/follow-up-draft.js';
import { badRequest, conflict } from '../http/errors.js';
import { formFields, jsonBody } from '../http/request.js';
import { htmlResponse, jsonResponse, redirect, type HttpResponse } from '../http/response.js';
import { deleteContact, followUpsOf, notesAbout, triageFollowUp } from '../../services/contacts.js';
import { exportUserData } from '../../services/export.js';
import { addNote, deleteNote, editNote, loadContactPage, logIntro } from '../../services/notes.js';
import { contactEmailFromPath } from './contact-path.js';
import { renderContactPage } from './contact-page.js';
import { toContactJson, toIntroJson, toNoteJson } from './json-views.js';
import { followUpChoiceFrom, introInputFrom, noteIdFromPath, noteInputFrom, noteTextFrom } from './notes-input.js';
import { csrfForPage, noticeOf, requireCsrf, settingsOf, type RouteContext } from './route.js';

/**
 * Notes and introductions on the dashboard and the API: the contact page, notes, the intro/help
 * log, the follow-up triage and the export. Forms post and redirect (with the CSRF token);
 * the API takes JSON.
 */

const emailOf = (ctx: RouteContext) => contactEmailFromPath(ctx.params[0] ?? '');
const contactPath = (email: string) => `/app/contacts/${encodeURIComponent(email)}`;

export async function showContact(ctx: RouteContext): Promise<HttpResponse> {
  const csrf = csrfForPage(ctx);
  const view = await loadContactPage(ctx.store, ctx.userId, emailOf(ctx), await settingsOf(ctx), ctx.now);
  return htmlResponse(200, renderContactPage(view, csrf.token, noticeOf(ctx)), { cookies: csrf.cookies });
}

/**
 * The dashboard's note box says so in a field (pages send no Referer: see securityHeaders),
 * and the user lands back where they wrote the note. Only two fixed targets: never a URL from input.
 */
function backTo(fields: Record<string, string>, email: string): string {
  return fields.back === 'dashboard' ? '/app?saved#contacts' : `${contactPath(email)}?saved#timeline`;
}

export async function postNote(ctx: RouteContext): Promise<HttpResponse> {
  const fields = formFields(ctx.event);
  requireCsrf(ctx, fields);
  const email = emailOf(ctx);
  await addNote(ctx.store, ctx.userId, email, noteInputFrom(fields), ctx.now);
  return redirect(backTo(fields, email));
}

export async function postNoteChange(ctx: RouteContext): Promise<HttpResponse> {
  const fields = formFields(ctx.event);
  requireCsrf(ctx, fields);
  const email = emailOf(ctx);
  const noteId = noteIdFromPath(ctx.params[1] ?? '');
  if (fields.action === 'delete') await deleteNote(ctx.store, ctx.userId, email, noteId);
  else if (fields.action === 'edit') await editNote(ctx.store, ctx.userId, email, { noteId, text: noteTextFrom(fields) }, ctx.now);
  else throw badRequest('Unknown action: use edit or delete.');
  return redirect(`${contactPath(email)}?saved#timeline`);
}

export async function postIntro(ctx: RouteContext): Promise<HttpResponse> {
  const fields = formFields(ctx.event);
  requireCsrf(ctx, fields);
  const email = emailOf(ctx);
  const input = introInputFrom(fields, await settingsOf(ctx), ctx.now);
  await logIntro(ctx.store, ctx.userId, email, input, ctx.now);
  return redirect(`${contactPath(email)}?saved#timeline`);
}

export async function postDeleteContact(ctx: RouteContext): Promise<HttpResponse> {
  requireCsrf(ctx, formFields(ctx.event));
  await deleteContact(ctx.store, ctx.userId, emailOf(ctx));
  return redirect('/app?saved#contacts');
}

export async function postFollowUp(ctx: RouteContext): Promise<HttpResponse> {
  const fields = formFields(ctx.event);
  requireCsrf(ctx, fields);
  const choice = followUpChoiceFrom(fields);
  await triageFollowUp(ctx.store, ctx.userId, emailOf(ctx), choice, await settingsOf(ctx), ctx.now);
  return redirect('/app?saved#follow-ups');
}

// JSON API. As in app-routes.ts: changes need `Content-Type: application/json`, which a
// cross-site form cannot send without a preflight we never approve, so no CSRF token.

export async function apiNotes(ctx: RouteContext): Promise<HttpResponse> {
  const notes = await notesAbout(ctx.store, ctx.userId, emailOf(ctx));
  return jsonResponse(200, { notes: notes.map(toNoteJson) });
}

export async function apiAddNote(ctx: RouteContext): Promise<HttpResponse> {
  const input = noteInputFrom(jsonBody(ctx.event));
  const note = await addNote(ctx.store, ctx.userId, emailOf(ctx), input, ctx.now);
  return jsonResponse(201, { note: toNoteJson(note) });
}

export async function apiEditNote(ctx: RouteContext): Promise<HttpResponse> {
  const text = noteTextFrom(jsonBody(ctx.event));
  const note = await editNote(ctx.store, ctx.userId, emailOf(ctx), { noteId: noteIdFromPath(ctx.params[1] ?? ''), text }, ctx.now);
  return jsonResponse(200, { note: toNoteJson(note) });
}

export async function apiDeleteNote(ctx: RouteContext): Promise<HttpResponse> {
  await deleteNote(ctx.store, ctx.userId, emailOf(ctx), noteIdFromPath(ctx.params[1] ?? ''));
  return jsonResponse(200, { deleted: true });
}

export async function apiIntros(ctx: RouteContext): Promise<HttpResponse> {
  const view = await loadContactPage(ctx.store, ctx.userId, emailOf(ctx), await settingsOf(ctx), ctx.now);
  return jsonResponse(200, { intros: view.timeline.flatMap((e) => (e.kind === 'intro' ? [toIntroJson(e.intro)] : [])) });
}

export async function apiAddIntro(ctx: RouteContext): Promise<HttpResponse> {
  const input = introInputFrom(jsonBody(ctx.event), await settingsOf(ctx), ctx.now);
  const intro = await logIntro(ctx.store, ctx.userId, emailOf(ctx), input, ctx.now);
  return jsonResponse(201, { intro: toIntroJson(intro) });
}

export async function apiDeleteContact(ctx: RouteContext): Promise<HttpResponse> {
  await deleteContact(ctx.store, ctx.userId, emailOf(ctx));
  return jsonResponse(200, { deleted: true });
}

export async function apiFollowUps(ctx: RouteContext): Promise<HttpResponse> {
  const prompts = (await followUpsOf(ctx.store, ctx.userId, ctx.now)).map(({ contact, followUpBy, draft }) => ({
    email: contact.email,
    name: contact.name ?? null,
    firstMetAt: contact.firstMetAt ?? null,
    metAt: contact.firstMetAtTitle ?? null,
    followUpBy,
    draft,
    mailto: mailtoUrlOf(draft),
  }));
  return jsonResponse(200, { now: ctx.now, followUps: prompts });
}

export async function apiTriageFollowUp(ctx: RouteContext): Promise<HttpResponse> {
  const choice = followUpChoiceFrom(jsonBody(ctx.event));
  const settings = await settingsOf(ctx);
  const contact = await triageFollowUp(ctx.store, ctx.userId, emailOf(ctx), choice, settings, ctx.now);
  return jsonResponse(200, { contact: toContactJson(contact, settings) });
}

export async function apiExport(ctx: RouteContext): Promise<HttpResponse> {
  const data = await exportUserData(ctx.store, ctx.userId, ctx.now);
  if (!data.settings) throw conflict('Rapport is not set up for this user yet: there is nothing to export.');
  return jsonResponse(200, data, { headers: { 'content-disposition': 'attachment; filename="rapport-export.json"' } });
}
