import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { listInvitations, localOutboxDir } from '../../adapters/calendars/rapport/outbox.js';
import { notFound } from '../http/errors.js';
import { formFields, jsonBody } from '../http/request.js';
import { htmlResponse, jsonResponse, redirect, type HttpResponse } from '../http/response.js';
import { sessionOf } from '../http/user.js';
import type { Runtime } from '../../runtime/runtime.js';
import { changeContact, ContactNotFound } from '../../services/contacts.js';
import { loadDashboard, UserNotFound } from '../../services/dashboard.js';
import { calendarRoutes } from './calendar-routes.js';
import { coffeeRoutes } from './coffee-routes.js';
import { contactEmailFromPath } from './contact-path.js';
import { renderDashboard } from './dashboard.js';
import { toContactJson, toMeetingJson } from './json-views.js';
import { notesRoutes } from './notes-routes.js';
import { csrfForPage, dispatch, newScriptNonce, noticeOf, requireCsrf, settingsOf, type Route, type RouteContext } from './route.js';
import { settingsRoutes } from './settings-routes.js';

/**
 * Routes of the dashboard function: the server-rendered dashboard under /app and the JSON API
 * under /api. Each route parses its input, calls one service, and answers.
 */

async function showDashboard(ctx: RouteContext): Promise<HttpResponse> {
  const csrf = csrfForPage(ctx);
  const deps = { ...ctx.runtime, sentInvitations: () => listInvitations(localOutboxDir(ctx.runtime.config.dataDir)) };
  const view = await loadDashboard(deps, ctx.userId, ctx.now).catch((error: unknown) => {
    throw error instanceof UserNotFound ? notFound('Rapport is not set up for this user yet.') : error;
  });
  const scriptNonce = newScriptNonce();
  const form = {
    csrfToken: csrf.token,
    scriptNonce,
    outlookConfigured: Boolean(ctx.runtime.config.microsoft),
    googleConfigured: Boolean(ctx.runtime.config.google),
    signedInAs: sessionOf(ctx.event, ctx.runtime.config, ctx.now)?.account,
  };
  return htmlResponse(200, renderDashboard(view, form, noticeOf(ctx)), { cookies: csrf.cookies, scriptNonce });
}

/** A new feed address; the old one answers 404 from now on (for a link that leaked). */
async function postRevokeFeed(ctx: RouteContext): Promise<HttpResponse> {
  requireCsrf(ctx, formFields(ctx.event));
  const settings = await settingsOf(ctx);
  await ctx.runtime.store.profiles.put(ctx.userId, { ...settings, feedGeneration: (settings.feedGeneration ?? 0) + 1 });
  return redirect('/app?feed-renewed#calendars');
}

async function applyChange(ctx: RouteContext, email: string, actions: Parameters<typeof changeContact>[3]) {
  const settings = await settingsOf(ctx);
  try {
    return await changeContact(ctx.runtime.store, ctx.userId, email, actions, settings, ctx.now);
  } catch (error) {
    throw error instanceof ContactNotFound ? notFound(error.message) : error;
  }
}

async function postContactForm(ctx: RouteContext): Promise<HttpResponse> {
  const fields = formFields(ctx.event);
  requireCsrf(ctx, fields);
  const email = contactEmailFromPath(ctx.params[0] ?? '');
  // Input schemas load with the first change, not with every dashboard's cold start.
  const { contactActionFromForm } = await import('./contact-input.js');
  const action = contactActionFromForm(fields, await settingsOf(ctx), ctx.now);
  await applyChange(ctx, email, [action]);
  return redirect('/app?saved#contacts');
}

async function postSync(ctx: RouteContext): Promise<HttpResponse> {
  requireCsrf(ctx, formFields(ctx.event));
  // Sync (inference, calendar adapters) loads with the button, not with every dashboard.
  const { syncUser } = await import('../../services/sync.js');
  await syncUser(ctx.runtime, ctx.userId, ctx.now);
  return redirect('/app?synced#calendars');
}

async function apiContacts(ctx: RouteContext): Promise<HttpResponse> {
  const settings = await settingsOf(ctx);
  const contacts = await ctx.runtime.store.contacts.list(ctx.userId);
  return jsonResponse(200, { contacts: contacts.map((c) => toContactJson(c, settings)) });
}

async function apiDue(ctx: RouteContext): Promise<HttpResponse> {
  const settings = await settingsOf(ctx);
  const due = await ctx.runtime.store.contacts.due(ctx.userId, ctx.now);
  return jsonResponse(200, { now: ctx.now, due: due.map((c) => toContactJson(c, settings)) });
}

async function apiMeetings(ctx: RouteContext): Promise<HttpResponse> {
  const meetings = await ctx.runtime.store.meetings.list(ctx.userId);
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
  const { contactActionsFromJson } = await import('./contact-input.js');
  const contact = await applyChange(ctx, email, contactActionsFromJson(body, settings, ctx.now));
  return jsonResponse(200, { contact: toContactJson(contact, settings) });
}

/** Every route of the dashboard function but signing in and out; all of them act for `userId`. */
export const APP_ROUTES: readonly Route[] = [
  { method: 'GET', path: /^\/$/, run: async () => redirect('/app') },
  { method: 'GET', path: /^\/app\/?$/, run: showDashboard },
  { method: 'POST', path: /^\/app\/contacts\/([^/]+)$/, run: postContactForm },
  { method: 'POST', path: /^\/app\/sync$/, run: postSync },
  { method: 'POST', path: /^\/app\/feed\/renew$/, run: postRevokeFeed },
  ...settingsRoutes,
  ...coffeeRoutes,
  ...notesRoutes,
  ...calendarRoutes,
  { method: 'GET', path: /^\/api\/contacts$/, run: apiContacts },
  { method: 'PATCH', path: /^\/api\/contacts\/([^/]+)$/, run: apiPatchContact },
  { method: 'GET', path: /^\/api\/due$/, run: apiDue },
  { method: 'GET', path: /^\/api\/meetings$/, run: apiMeetings },
];

export function routeApp(event: APIGatewayProxyEventV2, runtime: Runtime, userId: string): Promise<HttpResponse> {
  return dispatch(APP_ROUTES, event, runtime, userId);
}
