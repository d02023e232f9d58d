import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import * as csrf from '../http/csrf.js';
import { routeRequest, type Route } from '../http/router.js';
import type { HttpResponse } from '../http/response.js';
import { requireSigningKey } from '../../runtime/config.js';
import type { Runtime } from '../../runtime/runtime.js';
import type { Store } from '../../core/ports/store.js';
import type { UserSettings } from '../../core/domain/settings.js';
import { loadSettings } from '../../services/profile.js';

/** What a route that belongs to nobody yet gets (signing in, OAuth round trips, webhooks, the feed). */
export interface RequestContext {
  event: APIGatewayProxyEventV2;
  runtime: Runtime;
  /** Handed to the services the route calls; a handler never queries it itself. */
  store: Store;
  now: string;
  params: string[];
}

/** What every dashboard route gets: whose data it acts on. */
export interface RouteContext extends RequestContext {
  userId: string;
}

export type AppRoute = Route<RouteContext>;

export function signingKey(runtime: Runtime): Buffer {
  return requireSigningKey(runtime.config);
}

export function routeOpen(routes: readonly Route<RequestContext>[], event: APIGatewayProxyEventV2, runtime: Runtime): Promise<HttpResponse> {
  return routeRequest(routes, event, (params) => requestContext(event, runtime, params));
}

export function routeForUser(routes: readonly AppRoute[], event: APIGatewayProxyEventV2, runtime: Runtime, userId: string): Promise<HttpResponse> {
  return routeRequest(routes, event, (params) => ({ ...requestContext(event, runtime, params), userId }));
}

function requestContext(event: APIGatewayProxyEventV2, runtime: Runtime, params: string[]): RequestContext {
  return { event, runtime, store: runtime.store, now: runtime.now(), params };
}

const DASHBOARD_CSRF: csrf.CsrfScope = {
  cookie: 'rapport_csrf',
  path: '/',
  refusal: 'This form has expired or did not come from your Rapport dashboard. Reload the page and try again.',
};

/** The dashboard's forms are signed for the user whose page they are. */
const signerFor = (ctx: Pick<RouteContext, 'runtime' | 'userId'>): csrf.CsrfSigner => ({ key: signingKey(ctx.runtime), subject: ctx.userId });

export function requireCsrf(ctx: Pick<RouteContext, 'event' | 'runtime' | 'userId'>, fields: Record<string, string>): void {
  csrf.requireCsrf(ctx.event, DASHBOARD_CSRF, signerFor(ctx), fields);
}

export function csrfForPage(ctx: RouteContext): { token: string; cookies: string[] } {
  return csrf.csrfForPage(ctx.event, DASHBOARD_CSRF, signerFor(ctx));
}

export function settingsOf(ctx: RouteContext): Promise<UserSettings> {
  return loadSettings(ctx.store, ctx.userId);
}

/** Notices after a redirect come from this fixed list, never from the query string itself. */
const NOTICES: Record<string, string> = {
  saved: 'Saved.',
  synced: 'Calendars synced.',
  'calendar-added': 'The calendar is connected and synced: see it under Calendars.',
  'calendar-known': 'That calendar was already connected; it is synced now.',
  proposed: 'Proposals updated.',
  'google-connected': 'Google Calendar is connected. Its primary calendar counts; sync to read it now.',
  'feed-renewed': 'The feed has a new address. Subscribe to it again in your calendar app; the old address no longer works.',
  'outlook-connected': 'Outlook is connected. Sync now to read it.',
  'outlook-declined': 'Outlook was not connected: the sign-in was cancelled or refused at Microsoft.',
  'signed-in': 'You are signed in. Your calendar is connected: sync now to read it.',
  'link-sent': 'The booking link was emailed.',
  'link-kept': 'The email with the booking link is kept in the outbox: set RAPPORT_SMTP_URL to send it.',
  'link-failed': 'The email with the booking link could not be sent; the proposal says why.',
  'link-suppressed': 'Not sent: this contact opted out of email from you.',
  'link-already': 'That email was already sent. To send another, use "Send again".',
};

/** The notice of the page's own list that the query string names, if any. */
export function noticeFrom(notices: Record<string, string>, event: APIGatewayProxyEventV2): string | undefined {
  const key = Object.keys(notices).find((k) => event.queryStringParameters?.[k] !== undefined);
  return key && notices[key];
}

export function noticeOf(ctx: Pick<RouteContext, 'event'>): string | undefined {
  return noticeFrom(NOTICES, ctx.event);
}
