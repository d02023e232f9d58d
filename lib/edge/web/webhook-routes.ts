import { badRequest, forbidden, HttpError, notFound } from '../http/errors.js';
import { header, jsonBody } from '../http/request.js';
import { jsonResponse, textResponse, type HttpResponse } from '../http/response.js';
import type { Route } from '../http/router.js';
import { judgeGoogleNotification, syncNotifiedConnection } from '../../services/google-notification.js';
import { checkNotifications, handOnPushWork, parseNotificationBatch } from '../../services/microsoft-notifications.js';
import { signingKey, type RequestContext } from './route.js';

/**
 * The providers' push notifications. Each checks its own authority (Google's channel token,
 * Graph's clientState) before anything is synced, and neither loads a provider SDK to say no.
 */

/**
 * `POST /webhooks/google`: only headers matter (X-Goog-Channel-ID / -Token /
 * X-Goog-Resource-State). An unknown channel is 404 and a wrong token 401, and neither syncs
 * anything; `sync` (the channel's opening handshake) is acknowledged; anything else syncs that
 * one connection.
 */
async function googleNotification({ event, runtime, store }: RequestContext): Promise<HttpResponse> {
  const key = runtime.config.signingKey;
  if (!runtime.config.google || !key) throw notFound('Google Calendar is not configured on this Rapport.');
  const verdict = await judgeGoogleNotification(
    { store, signingKey: key },
    { channelId: header(event, 'x-goog-channel-id'), token: header(event, 'x-goog-channel-token'), resourceState: header(event, 'x-goog-resource-state') },
  );
  if (verdict.kind === 'unknown-channel') throw notFound('Unknown channel.');
  if (verdict.kind === 'forged') {
    runtime.logger.warn('google notification with a wrong channel token', { path: event.rawPath });
    throw new HttpError(401, 'The channel token does not match.');
  }
  if (verdict.kind === 'sync') await syncNotifiedConnection(runtime, verdict);
  return textResponse(200, '');
}

/**
 * `POST /webhooks/microsoft`: Graph's change and lifecycle notifications.
 * - Subscription validation: `?validationToken=…` is echoed as text/plain with 200 (Graph waits
 *   at most 10 s, so nothing else happens on that request).
 * - Notifications: each is checked against its route and clientState; the answer is 202 at
 *   once and the work runs after it (services/microsoft-notifications.ts).
 */
async function microsoftNotifications({ event, runtime, store }: RequestContext): Promise<HttpResponse> {
  if (!runtime.config.microsoft) throw notFound('Outlook is not configured on this Rapport.');
  const validationToken = event.queryStringParameters?.validationToken;
  if (validationToken !== undefined) return textResponse(200, validationToken);
  const key = signingKey(runtime);
  const batch = parseNotificationBatch(jsonBody(event));
  if (typeof batch === 'string') throw badRequest(`Not a Graph notification batch: ${batch}.`);
  const checked = await checkNotifications({ store, signingKey: key }, batch);
  if (checked.forged > 0) runtime.logger.warn('notifications with a wrong clientState ignored', { count: checked.forged });
  if (checked.work.length === 0 && checked.forged > 0) throw forbidden('Notification refused.');
  await handOnPushWork(runtime, checked.work);
  return jsonResponse(202, { accepted: checked.work.length });
}

export const googleWebhookRoutes: Route<RequestContext>[] = [{ method: 'POST', path: /^\/webhooks\/google$/, run: googleNotification }];
export const microsoftWebhookRoutes: Route<RequestContext>[] = [{ method: 'POST', path: /^\/webhooks\/microsoft$/, run: microsoftNotifications }];
