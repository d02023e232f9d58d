import { badRequest, notFound } from '../http/errors.js';
import { bodyText, formFields } from '../http/request.js';
import { redirect, type HttpResponse } from '../http/response.js';
import { requireCsrf, type Route, type RouteContext } from './route.js';

/**
 * Which of a provider account's calendars count (for meetings and free/busy). The form sends
 * one `count` field per ticked calendar id; an id the connection does not list is refused.
 * Changing the set makes the next sync a full one (each calendar has its own sync token).
 */
async function postCountingCalendars(ctx: RouteContext): Promise<HttpResponse> {
  requireCsrf(ctx, formFields(ctx.event));
  // formFields keeps one value per name; the ticks are a repeated field.
  const ticked = new Set(new URLSearchParams(bodyText(ctx.event)).getAll('count'));
  const connectionId = decodeURIComponent(ctx.params[0] ?? '');
  const connection = await ctx.runtime.store.connections.get(ctx.userId, connectionId);
  if (!connection?.calendars) throw notFound('There is no such calendar account.');
  const known = new Set(connection.calendars.map((c) => c.id));
  if ([...ticked].some((id) => !known.has(id))) throw badRequest('That calendar is not one of this account.');
  await ctx.runtime.store.connections.update(ctx.userId, connectionId, {
    calendars: connection.calendars.map((c) => ({ ...c, counts: ticked.has(c.id) })),
  });
  return redirect('/app?saved#calendars');
}

export const calendarRoutes: Route[] = [{ method: 'POST', path: /^\/app\/connections\/([^/]+)\/calendars$/, run: postCountingCalendars }];
