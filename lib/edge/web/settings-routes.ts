import { formFields } from '../http/request.js';
import { htmlResponse, redirect, type HttpResponse } from '../http/response.js';
import { saveSettings as saveProfile } from '../../services/profile.js';
import { csrfForPage, noticeOf, requireCsrf, settingsOf, type AppRoute, type RouteContext } from './route.js';

/** `/app/settings`: the user's zone, addresses and coffee rules. */

/** The page, the input schema and the meeting-place check load with these routes (app-pages.ts, app-forms.ts). */
const loadPages = () => import('./app-pages.js');
const loadForms = () => import('./app-forms.js');

/** The runtime's zone names, listed on the first settings page, not at every cold start. */
let knownZones: readonly string[] | undefined;

async function showSettings(ctx: RouteContext): Promise<HttpResponse> {
  // The page loads with its route, not with every dashboard function's cold start.
  const { renderSettings } = await loadPages();
  const csrf = csrfForPage(ctx);
  const settings = await settingsOf(ctx);
  knownZones ??= Intl.supportedValuesOf('timeZone');
  const zones = knownZones.includes(settings.timeZone) ? [...knownZones] : [settings.timeZone, ...knownZones];
  return htmlResponse(200, renderSettings(settings, csrf.token, zones, noticeOf(ctx)), { cookies: csrf.cookies });
}

async function saveSettings(ctx: RouteContext): Promise<HttpResponse> {
  const fields = formFields(ctx.event);
  requireCsrf(ctx, fields);
  // The settings schema loads when settings are saved, not with every dashboard's cold start.
  const [{ settingsFromForm }, { checkMeetingPossible }] = await Promise.all([loadForms(), loadPages()]);
  const next = settingsFromForm(fields, await settingsOf(ctx));
  await checkMeetingPossible(ctx.store, ctx.userId, next);
  await saveProfile(ctx.store, ctx.userId, next);
  return redirect('/app/settings?saved');
}

export const settingsRoutes: AppRoute[] = [
  { method: 'GET', path: /^\/app\/settings$/, run: showSettings },
  { method: 'POST', path: /^\/app\/settings$/, run: saveSettings },
];
