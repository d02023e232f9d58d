import { randomBytes } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { csrfCookie, csrfTokenFor, CSRF_COOKIE, CSRF_FIELD, isValidCsrfToken, newCsrfNonce } from '../http/csrf.js';
import { forbidden, methodNotAllowed, notFound } from '../http/errors.js';
import { cookies } from '../http/request.js';
import type { HttpResponse } from '../http/response.js';
import { requireSigningKey } from '../../runtime/config.js';
import type { Runtime } from '../../runtime/runtime.js';
import type { UserSettings } from '../../core/domain/settings.js';

/** What every dashboard route gets, and the few checks they share. */
export interface RouteContext {
  event: APIGatewayProxyEventV2;
  runtime: Runtime;
  userId: string;
  now: string;
  params: string[];
}

export type Route = { method: string; path: RegExp; run: (ctx: RouteContext) => Promise<HttpResponse> };

export function signingKey(runtime: Runtime): Buffer {
  return requireSigningKey(runtime.config);
}

/** A form's token must be one minted for this browser's nonce and for this user's page. */
export function requireCsrf(ctx: Pick<RouteContext, 'event' | 'runtime' | 'userId'>, fields: Record<string, string>): void {
  const nonce = cookies(ctx.event)[CSRF_COOKIE];
  if (!isValidCsrfToken(signingKey(ctx.runtime), nonce, fields[CSRF_FIELD], ctx.userId)) {
    throw forbidden('This form has expired or did not come from your Rapport dashboard. Reload the page and try again.');
  }
}

/** The CSRF token for the page's forms, and the cookie to set when the browser has none yet. */
export function csrfForPage(ctx: RouteContext): { token: string; cookies: string[] } {
  const jar = cookies(ctx.event);
  const nonce = jar[CSRF_COOKIE] ?? newCsrfNonce();
  const secure = ctx.event.headers?.['x-forwarded-proto'] === 'https';
  return { token: csrfTokenFor(signingKey(ctx.runtime), nonce, ctx.userId), cookies: jar[CSRF_COOKIE] ? [] : [csrfCookie(nonce, secure)] };
}

export async function settingsOf(ctx: RouteContext): Promise<UserSettings> {
  const settings = await ctx.runtime.store.profiles.get(ctx.userId);
  if (!settings) throw notFound('Rapport is not set up for this user yet.');
  return settings;
}

/** Notices after a redirect come from this fixed list, never from the query string itself. */
const NOTICES: Record<string, string> = {
  saved: 'Saved.',
  synced: 'Calendars synced.',
  proposed: 'Proposals updated.',
  'google-connected': 'Google Calendar is connected. Its primary calendar counts; sync to read it now.',
  'feed-renewed': 'The feed has a new address. Subscribe to it again in your calendar app; the old address no longer works.',
  'outlook-connected': 'Outlook is connected. Sync now to read it.',
  'outlook-declined': 'Outlook was not connected: the sign-in was cancelled or refused at Microsoft.',
  'signed-in': 'You are signed in. Your calendar is connected: sync now to read it.',
};

export function noticeOf(ctx: RouteContext): string | undefined {
  const key = Object.keys(NOTICES).find((k) => ctx.event.queryStringParameters?.[k] !== undefined);
  return key && NOTICES[key];
}

export async function dispatch(routes: readonly Route[], event: APIGatewayProxyEventV2, runtime: Runtime, userId: string): Promise<HttpResponse> {
  const method = event.requestContext.http.method.toUpperCase();
  const path = event.rawPath;
  const matching = routes.filter((r) => r.path.test(path));
  if (matching.length === 0) throw notFound('There is no page at this address.');
  const route = matching.find((r) => r.method === method);
  if (!route) throw methodNotAllowed(`${method} is not allowed here.`);
  const params = route.path.exec(path)!.slice(1);
  return route.run({ event, runtime, userId, now: runtime.now(), params });
}

/** A fresh CSP nonce for a page's inline script. */
export function newScriptNonce(): string {
  return randomBytes(16).toString('base64');
}
