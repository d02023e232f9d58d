import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { formFields, jsonBody } from '../http/request.js';
import { htmlResponse, jsonResponse, newScriptNonce, redirect, type HttpResponse } from '../http/response.js';
import { sessionOf, userIdFor } from '../http/user.js';
import type { Runtime } from '../../runtime/runtime.js';
import type { ContactAction } from '../../services/contacts.js';
import { renewFeedAddress } from '../../services/profile.js';
import { calendarRoutes } from './calendar-routes.js';
import { coffeeRoutes } from './coffee-routes.js';
import { contactEmailFromPath } from './contact-path.js';
import { icsRoutes } from './ics-routes.js';
import { notesRoutes } from './notes-routes.js';
import { outboxRoutes } from './outbox-routes.js';
import { csrfForPage, noticeOf, requireCsrf, routeForUser, routeOpen, settingsOf, type AppRoute, type RouteContext } from './route.js';
import { settingsRoutes } from './settings-routes.js';

/** The routes' own code loads with their first request, in two modules (app-pages.ts says why). */
const loadPages = () => import('./app-pages.js');
const loadForms = () => import('./app-forms.js');

/**
 * Routes of the dashboard function: the server-rendered dashboard under /app and the JSON API
 * under /api. Each route parses its input, calls one service, and answers.
 */

async function showDashboard(ctx: RouteContext): Promise<HttpResponse> {
  // The dashboard's view (meetings, proposals, inference verdicts) and its rendering load with
  // this page, not with the function: the API, the forms and signing in start without them.
  const { loadDashboard, renderDashboard, linkMailViews, contactFilterFromQuery } = await loadPages();
  const csrf = csrfForPage(ctx);
  const { filter, ignored } = contactFilterFromQuery(ctx.event.queryStringParameters);
  const view = await loadDashboard(ctx.runtime, ctx.userId, ctx.now, { contactFilter: filter });
  view.linkMail = await linkMailViews(ctx.store.mail, ctx.userId, view.settings, view.proposals.map((p) => p.proposal));
  const scriptNonce = newScriptNonce();
  const form = {
    csrfToken: csrf.token,
    scriptNonce,
    outlookConfigured: Boolean(ctx.runtime.config.microsoft),
    googleConfigured: Boolean(ctx.runtime.config.google),
    signedInAs: sessionOf(ctx.event, ctx.runtime.config, ctx.now)?.account,
    ignoredFilters: ignored,
    calendarUploads: Boolean(ctx.runtime.uploads),
  };
  return htmlResponse(200, renderDashboard(view, form, noticeOf(ctx)), { cookies: csrf.cookies, scriptNonce });
}

/** A new feed address; the old one answers 404 from now on (for a link that leaked). */
async function postRenewFeed(ctx: RouteContext): Promise<HttpResponse> {
  requireCsrf(ctx, formFields(ctx.event));
  await renewFeedAddress(ctx.store, ctx.userId);
  return redirect('/app?feed-renewed#calendars');
}

async function applyChange(ctx: RouteContext, email: string, actions: readonly ContactAction[]) {
  const { changeContact } = await loadPages();
  return changeContact(ctx.store, ctx.userId, email, actions, await settingsOf(ctx), ctx.now);
}

async function postContactForm(ctx: RouteContext): Promise<HttpResponse> {
  const fields = formFields(ctx.event);
  requireCsrf(ctx, fields);
  const email = contactEmailFromPath(ctx.params[0] ?? '');
  // Input schemas load with the first change, not with every dashboard's cold start.
  const { contactActionFromForm } = await loadForms();
  const action = contactActionFromForm(fields, await settingsOf(ctx), ctx.now);
  await applyChange(ctx, email, [action]);
  return redirect('/app?saved#contacts');
}

async function postSync(ctx: RouteContext): Promise<HttpResponse> {
  requireCsrf(ctx, formFields(ctx.event));
  // Sync (inference, calendar adapters) loads with the button, not with every dashboard.
  const { syncUser } = await loadPages();
  await syncUser(ctx.runtime, ctx.userId, ctx.now);
  return redirect('/app?synced#calendars');
}

async function apiContacts(ctx: RouteContext): Promise<HttpResponse> {
  const { listContacts, toContactJson } = await loadPages();
  const settings = await settingsOf(ctx);
  const contacts = await listContacts(ctx.store, ctx.userId);
  return jsonResponse(200, { contacts: contacts.map((c) => toContactJson(c, settings)) });
}

async function apiDue(ctx: RouteContext): Promise<HttpResponse> {
  const { dueContacts, toContactJson } = await loadPages();
  const settings = await settingsOf(ctx);
  const due = await dueContacts(ctx.store, ctx.userId, ctx.now);
  return jsonResponse(200, { now: ctx.now, due: due.map((c) => toContactJson(c, settings)) });
}

async function apiMeetings(ctx: RouteContext): Promise<HttpResponse> {
  const { listMeetings, toMeetingJson } = await loadPages();
  const meetings = await listMeetings(ctx.store, ctx.userId);
  return jsonResponse(200, { meetings: meetings.map(toMeetingJson) });
}

/**
 * JSON changes need `Content-Type: application/json`: a cross-site page cannot send that
 * without a CORS preflight, which we never approve, so the API needs no CSRF token.
 */
async function apiPatchContact(ctx: RouteContext): Promise<HttpResponse> {
  const body = jsonBody(ctx.event);
  const email = contactEmailFromPath(ctx.params[0] ?? '');
  const settings = await settingsOf(ctx);
  const [{ contactActionsFromJson }, { toContactJson }] = await Promise.all([loadForms(), loadPages()]);
  const contact = await applyChange(ctx, email, contactActionsFromJson(body, settings, ctx.now));
  return jsonResponse(200, { contact: toContactJson(contact, settings) });
}

/** Every route of the dashboard function but signing in and out; all of them act for `userId`. */
export const APP_ROUTES: readonly AppRoute[] = [
  { method: 'GET', path: /^\/$/, run: async () => redirect('/app') },
  { method: 'GET', path: /^\/app\/?$/, run: showDashboard },
  { method: 'POST', path: /^\/app\/contacts\/([^/]+)$/, run: postContactForm },
  { method: 'POST', path: /^\/app\/sync$/, run: postSync },
  { method: 'POST', path: /^\/app\/feed\/renew$/, run: postRenewFeed },
  ...settingsRoutes,
  ...coffeeRoutes,
  ...notesRoutes,
  ...calendarRoutes,
  ...icsRoutes,
  ...outboxRoutes,
  { method: 'GET', path: /^\/api\/contacts$/, run: apiContacts },
  { method: 'PATCH', path: /^\/api\/contacts\/([^/]+)$/, run: apiPatchContact },
  { method: 'GET', path: /^\/api\/due$/, run: apiDue },
  { method: 'GET', path: /^\/api\/meetings$/, run: apiMeetings },
];

/** Signing in and out come before anyone is known; their routes and page load only for these paths. */
const SIGN_IN_PATHS = new Set(['/signin', '/signout']);

/**
 * Dashboard (`/app`), JSON API (`/api`), and signing in and out. Every route but the last two
 * belongs to one user, decided by `userIdFor` before any route is looked up: in the cloud a
 * request without a session never reaches a handler.
 */
export async function routeApp(event: APIGatewayProxyEventV2, runtime: Runtime): Promise<HttpResponse> {
  if (SIGN_IN_PATHS.has(event.rawPath)) {
    const { signInRoutes } = await loadPages();
    return routeOpen(signInRoutes, event, runtime);
  }
  return routeForUser(APP_ROUTES, event, runtime, userIdFor(event, runtime.config, runtime.now()));
}
