import { isValidMailId } from '../../core/domain/mail.js';
import { notFound } from '../http/errors.js';
import { htmlResponse, securityHeaders, type HttpResponse } from '../http/response.js';
import { settingsOf, type AppRoute, type RouteContext } from './route.js';

/**
 * `/app/outbox` and each message's `.eml`, only ever the signed-in user's own. The outbox's
 * service and page load with these routes, not with every dashboard function's cold start.
 */
const loadPages = () => import('./app-pages.js');

async function showOutbox(ctx: RouteContext): Promise<HttpResponse> {
  const { listOutbox, renderOutbox } = await loadPages();
  const [records, settings] = await Promise.all([listOutbox(ctx.store, ctx.userId), settingsOf(ctx)]);
  return htmlResponse(200, renderOutbox(records, { sends: ctx.runtime.mailer.sends, timeZone: settings.timeZone }));
}

async function downloadEml(ctx: RouteContext): Promise<HttpResponse> {
  // The router has decoded the path parameter once already.
  const id = ctx.params[0] ?? '';
  const { outboxMessage } = await loadPages();
  const record = isValidMailId(id) ? await outboxMessage(ctx.store, ctx.userId, id) : null;
  if (!record) throw notFound('There is no such message in your outbox.');
  const eml = await ctx.runtime.mailFile(record);
  return {
    statusCode: 200,
    // The id is [A-Za-z0-9._-] only (checked above), so it is safe inside the quoted file name.
    headers: { ...securityHeaders(), 'content-type': 'message/rfc822', 'content-disposition': `attachment; filename="${id}.eml"` },
    body: eml.toString('base64'),
    isBase64Encoded: true,
  };
}

export const outboxRoutes: AppRoute[] = [
  { method: 'GET', path: /^\/app\/outbox\/?$/, run: showOutbox },
  { method: 'GET', path: /^\/app\/outbox\/([^/]+)\.eml$/, run: downloadEml },
];
