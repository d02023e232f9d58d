import { formFields, bodyText } from '../http/request.js';
import { redirect, type HttpResponse } from '../http/response.js';
import { chooseCountingCalendars } from '../../services/counting-calendars.js';
import { requireCsrf, type AppRoute, type RouteContext } from './route.js';

/**
 * Which of a provider account's calendars count (for meetings and free/busy). The form sends
 * one `count` field per ticked calendar id; an id the connection does not list is refused.
 */
async function postCountingCalendars(ctx: RouteContext): Promise<HttpResponse> {
  requireCsrf(ctx, formFields(ctx.event));
  // formFields keeps one value per name; the ticks are a repeated field.
  const ticked = new Set(new URLSearchParams(bodyText(ctx.event)).getAll('count'));
  await chooseCountingCalendars(ctx.store, ctx.userId, ctx.params[0] ?? '', ticked, ctx.now);
  return redirect('/app?saved#calendars');
}

export const calendarRoutes: AppRoute[] = [{ method: 'POST', path: /^\/app\/connections\/([^/]+)\/calendars$/, run: postCountingCalendars }];
