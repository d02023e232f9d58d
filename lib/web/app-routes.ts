import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { csrfCookie, csrfTokenFor, CSRF_COOKIE, CSRF_FIELD, isValidCsrfToken, newCsrfNonce } from '../http/csrf.js';
import { forbidden, methodNotAllowed, notFound } from '../http/errors.js';
import { cookies, formFields, jsonBody } from '../http/request.js';
import { htmlResponse, jsonResponse, redirect, type HttpResponse } from '../http/response.js';
import type { Runtime } from '../runtime.js';
import { changeContact, ContactNotFound } from '../services/contacts.js';
import { loadDashboard, UserNotFound } from '../services/dashboard.js';
import { syncUser } from '../services/sync.js';
import { contactActionFromForm, contactActionsFromJson, contactEmailFromPath } from './contact-input.js';
import { renderDashboard } from './dashboard.js';
import { toContactJson, toMeetingJson } from './json-views.js';

/**
 * Routes of the dashboard function: the server-rendered dashboard under /app and the JSON API
 * under /api. Each route parses its input, calls one service, and answers.
 */

interface RouteContext {
  event: APIGatewayProxyEventV2;
  runtime: Runtime;
  userId: string;
  now: string;
  params: string[];
}

type Route = { method: string; path: RegExp; run: (ctx: RouteContext) => Promise<HttpResponse> };

/** Notices after a redirect come from this fixed list, never from the query string itself. */
const NOTICES: Record<string, string> = {
  saved: 'Saved.',
  synced: 'Calendars synced.',
};

function signingKey(runtime: Runtime): Buffer {
  const key = runtime.config.signingKey;
  if (!key) throw new Error('RAPPORT_SIGNING_KEY is not configured');
  return key;
}

function requireCsrf(ctx: RouteContext, fields: Record<string, string>): void {
  const nonce = cookies(ctx.event)[CSRF_COOKIE];
  if (!isValidCsrfToken(signingKey(ctx.runtime), nonce, fields[CSRF_FIELD])) {
    throw forbidden('This form has expired or did not come from your Rapport dashboard. Reload the page and try again.');
  }
}

async function settingsOf(ctx: RouteContext) {
  const settings = await ctx.runtime.store.profiles.get(ctx.userId);
  if (!settings) throw notFound('Rapport is not set up for this user yet.');
  return settings;
}

async function showDashboard(ctx: RouteContext): Promise<HttpResponse> {
  const jar = cookies(ctx.event);
  const nonce = jar[CSRF_COOKIE] ?? newCsrfNonce();
  const view = await loadDashboard(ctx.runtime.store, ctx.userId, ctx.now).catch((error: unknown) => {
    throw error instanceof UserNotFound ? notFound('Rapport is not set up for this user yet.') : error;
  });
  const noticeKey = Object.keys(NOTICES).find((k) => ctx.event.queryStringParameters?.[k] !== undefined);
  const page = renderDashboard(view, { csrfToken: csrfTokenFor(signingKey(ctx.runtime), nonce) }, noticeKey && NOTICES[noticeKey]);
  const secure = ctx.event.headers?.['x-forwarded-proto'] === 'https';
  return htmlResponse(200, page, { cookies: jar[CSRF_COOKIE] ? [] : [csrfCookie(nonce, secure)] });
}

async function postContactForm(ctx: RouteContext): Promise<HttpResponse> {
  const fields = formFields(ctx.event);
  requireCsrf(ctx, fields);
  const email = contactEmailFromPath(ctx.params[0] ?? '');
  const settings = await settingsOf(ctx);
  const action = contactActionFromForm(fields, settings, ctx.now);
  await applyChange(ctx, email, [action], settings);
  return redirect('/app?saved#contacts');
}

async function applyChange(ctx: RouteContext, email: string, actions: Parameters<typeof changeContact>[3], settings: Awaited<ReturnType<typeof settingsOf>>) {
  try {
    return await changeContact(ctx.runtime.store, ctx.userId, email, actions, settings, ctx.now);
  } catch (error) {
    throw error instanceof ContactNotFound ? notFound(error.message) : error;
  }
}

async function postSync(ctx: RouteContext): Promise<HttpResponse> {
  requireCsrf(ctx, formFields(ctx.event));
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
  const contact = await applyChange(ctx, email, contactActionsFromJson(body, settings, ctx.now), settings);
  return jsonResponse(200, { contact: toContactJson(contact, settings) });
}

const ROUTES: Route[] = [
  { method: 'GET', path: /^\/$/, run: async () => redirect('/app') },
  { method: 'GET', path: /^\/app\/?$/, run: showDashboard },
  { method: 'POST', path: /^\/app\/contacts\/([^/]+)$/, run: postContactForm },
  { method: 'POST', path: /^\/app\/sync$/, run: postSync },
  { method: 'GET', path: /^\/api\/contacts$/, run: apiContacts },
  { method: 'PATCH', path: /^\/api\/contacts\/([^/]+)$/, run: apiPatchContact },
  { method: 'GET', path: /^\/api\/due$/, run: apiDue },
  { method: 'GET', path: /^\/api\/meetings$/, run: apiMeetings },
];

export async function routeApp(event: APIGatewayProxyEventV2, runtime: Runtime, userId: string): Promise<HttpResponse> {
  const method = event.requestContext.http.method.toUpperCase();
  const path = event.rawPath;
  const matching = ROUTES.filter((r) => r.path.test(path));
  if (matching.length === 0) throw notFound('There is no page at this address.');
  const route = matching.find((r) => r.method === method);
  if (!route) throw methodNotAllowed(`${method} is not allowed here.`);
  const params = route.path.exec(path)!.slice(1);
  return route.run({ event, runtime, userId, now: runtime.now(), params });
}
