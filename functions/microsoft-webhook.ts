import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { cloudMiddleware } from '../lib/edge/cloud/middleware.js';
import { badRequest, forbidden, HttpError, notFound } from '../lib/edge/http/errors.js';
import { httpErrorResponder } from '../lib/edge/http/middleware.js';
import { jsonBody } from '../lib/edge/http/request.js';
import { jsonResponse, textResponse, type HttpResponse } from '../lib/edge/http/response.js';
import { getRuntime } from '../lib/runtime/runtime.js';
import { DASHBOARD_ERROR_PAGES } from '../lib/edge/web/error-pages.js';
import { checkNotifications, parseNotificationBatch } from '../lib/services/microsoft-notifications.js';

/**
 * `POST /webhooks/microsoft`: Graph's change and lifecycle notifications.
 * - Subscription validation: `?validationToken=…` is echoed as text/plain with 200 (Graph waits
 *   at most 10 s, so nothing else happens on that request).
 * - Notifications: each is checked against its route and clientState; the answer is 202 at
 *   once and the sync runs after it: in the cloud through the push queue (functions/microsoft-push.ts),
 *   locally in this process.
 */
export const handler = middy(async (event: APIGatewayProxyEventV2): Promise<HttpResponse> => {
  const runtime = getRuntime();
  const { config } = runtime;
  if (!config.microsoft) throw notFound('Outlook is not configured on this Rapport.');
  const validationToken = event.queryStringParameters?.validationToken;
  if (validationToken !== undefined) return textResponse(200, validationToken);
  const key = config.signingKey;
  if (!key) throw new Error('RAPPORT_SIGNING_KEY is not configured');

  const batch = parseNotificationBatch(jsonBody(event));
  if (typeof batch === 'string') throw badRequest(`Not a Graph notification batch: ${batch}.`);
  const checked = await checkNotifications({ store: runtime.store, signingKey: key }, batch);
  if (checked.forged > 0) runtime.logger.warn('notifications with a wrong clientState ignored', { count: checked.forged });
  if (checked.work.length === 0 && checked.forged > 0) throw forbidden('Notification refused.');

  if (config.queues.push) {
    // The cloud: a function frozen after its answer would never finish in-process work, so the
    // work goes to the push queue. If SQS is down the 503 makes Graph deliver again later.
    const { sqsWorkQueue } = await import('../lib/adapters/queue/sqs.js');
    const queue = sqsWorkQueue(config.queues.push, { region: config.region, endpoint: config.sqsEndpoint });
    await queue.send(checked.work.map((work) => ({ kind: 'microsoft-push', route: work.route, lifecycle: work.lifecycle }))).catch((error: unknown) => {
      runtime.logger.error('push work not queued', { error });
      throw new HttpError(503, 'Try again later.');
    });
    return jsonResponse(202, { accepted: checked.work.length });
  }
  const { microsoftPushDepsOf, runPushWork } = await import('../lib/services/microsoft-push.js');
  const deps = microsoftPushDepsOf(runtime);
  if (!deps) throw new Error('Outlook push needs token sealing (RAPPORT_TOKEN_KEY or RAPPORT_KMS_KEY_ID)');
  for (const work of checked.work) {
    void runPushWork(deps, work).catch((error: unknown) => runtime.logger.error('push work failed', { userId: work.route.userId, connectionId: work.route.connectionId, error }));
  }
  return jsonResponse(202, { accepted: checked.work.length });
}).use(cloudMiddleware()).use(httpErrorResponder(() => getRuntime().logger, DASHBOARD_ERROR_PAGES));
