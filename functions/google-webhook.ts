import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { cloudMiddleware } from '../lib/edge/cloud/middleware.js';
import { notFound, HttpError } from '../lib/edge/http/errors.js';
import { httpErrorResponder } from '../lib/edge/http/middleware.js';
import { header } from '../lib/edge/http/request.js';
import { textResponse, type HttpResponse } from '../lib/edge/http/response.js';
import { getRuntime } from '../lib/runtime/runtime.js';
import { DASHBOARD_ERROR_PAGES } from '../lib/edge/web/error-pages.js';
import { judgeGoogleNotification } from '../lib/services/google-notification.js';

/**
 * `POST /webhooks/google`: a push notification from a Google channel. Only headers matter
 * (X-Goog-Channel-ID / -Token / X-Goog-Resource-State). An unknown channel is 404 and a wrong
 * token 401, and neither syncs anything; `sync` (the channel's opening handshake) is
 * acknowledged; anything else syncs that one connection. Locally the sync runs in-process
 * before answering; Google waits up to its timeout and retries failures with backoff.
 */
export const handler = middy(async (event: APIGatewayProxyEventV2): Promise<HttpResponse> => {
  const runtime = getRuntime();
  const signingKey = runtime.config.signingKey;
  if (!runtime.config.google || !signingKey) throw notFound('Google Calendar is not configured on this Rapport.');
  const verdict = await judgeGoogleNotification(
    { store: runtime.store, signingKey },
    {
      channelId: header(event, 'x-goog-channel-id'),
      token: header(event, 'x-goog-channel-token'),
      resourceState: header(event, 'x-goog-resource-state'),
    },
  );
  switch (verdict.kind) {
    case 'unknown-channel':
      throw notFound('Unknown channel.');
    case 'forged':
      runtime.logger.warn('google notification with a wrong channel token', { path: event.rawPath });
      throw new HttpError(401, 'The channel token does not match.');
    case 'acknowledge':
      return textResponse(200, '');
    case 'sync': {
      // Sync (inference, the Google adapter) loads only for a genuine change notification.
      const { syncUser } = await import('../lib/services/sync.js');
      const report = await syncUser(runtime, verdict.userId, runtime.now(), { connectionId: verdict.connectionId });
      runtime.logger.info('google notification synced', { userId: verdict.userId, connectionId: verdict.connectionId, meetingsRecorded: report.meetingsRecorded });
      return textResponse(200, '');
    }
  }
}).use(cloudMiddleware()).use(httpErrorResponder(() => getRuntime().logger, DASHBOARD_ERROR_PAGES));
