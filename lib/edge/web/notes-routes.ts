import type { HttpResponse } from '../http/response.js';
import type { AppRoute, RouteContext } from './route.js';

/**
 * The routes of notes and introductions (and the follow-up triage and the export). The handlers
 * and their input schemas load on the first request that needs them, so the dashboard's own
 * requests never pay for them at cold start.
 */
type Handlers = typeof import('./notes-handlers.js');
const lazy = (name: { [K in keyof Handlers]: Handlers[K] extends (ctx: RouteContext) => Promise<HttpResponse> ? K : never }[keyof Handlers]) =>
  // With the other input schemas, as one module (app-forms.ts).
  async (ctx: RouteContext): Promise<HttpResponse> => (await import('./app-forms.js')).notesHandlers[name](ctx);

const EMAIL = '([^/]+)';
const NOTE_ID = '([^/]+)';

export const notesRoutes: AppRoute[] = [
  { method: 'GET', path: new RegExp(`^/app/contacts/${EMAIL}$`), run: lazy('showContact') },
  { method: 'POST', path: new RegExp(`^/app/contacts/${EMAIL}/notes$`), run: lazy('postNote') },
  { method: 'POST', path: new RegExp(`^/app/contacts/${EMAIL}/notes/${NOTE_ID}$`), run: lazy('postNoteChange') },
  { method: 'POST', path: new RegExp(`^/app/contacts/${EMAIL}/intros$`), run: lazy('postIntro') },
  { method: 'POST', path: new RegExp(`^/app/contacts/${EMAIL}/delete$`), run: lazy('postDeleteContact') },
  { method: 'POST', path: new RegExp(`^/app/follow-ups/${EMAIL}$`), run: lazy('postFollowUp') },
  { method: 'GET', path: new RegExp(`^/api/contacts/${EMAIL}/notes$`), run: lazy('apiNotes') },
  { method: 'POST', path: new RegExp(`^/api/contacts/${EMAIL}/notes$`), run: lazy('apiAddNote') },
  { method: 'PATCH', path: new RegExp(`^/api/contacts/${EMAIL}/notes/${NOTE_ID}$`), run: lazy('apiEditNote') },
  { method: 'DELETE', path: new RegExp(`^/api/contacts/${EMAIL}/notes/${NOTE_ID}$`), run: lazy('apiDeleteNote') },
  { method: 'GET', path: new RegExp(`^/api/contacts/${EMAIL}/intros$`), run: lazy('apiIntros') },
  { method: 'POST', path: new RegExp(`^/api/contacts/${EMAIL}/intros$`), run: lazy('apiAddIntro') },
  { method: 'DELETE', path: new RegExp(`^/api/contacts/${EMAIL}$`), run: lazy('apiDeleteContact') },
  { method: 'GET', path: /^\/api\/follow-ups$/, run: lazy('apiFollowUps') },
  { method: 'POST', path: new RegExp(`^/api/follow-ups/${EMAIL}$`), run: lazy('apiTriageFollowUp') },
  { method: 'GET', path: /^\/api\/export$/, run: lazy('apiExport') },
];
