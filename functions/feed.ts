import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { cloudMiddleware } from '../lib/edge/cloud/middleware.js';
import { feedTokenInPath, suggestionsFeed } from '../lib/adapters/calendars/rapport/feed.js';
import { notFound } from '../lib/edge/http/errors.js';
import { httpErrorResponder } from '../lib/edge/http/middleware.js';
import { securityHeaders, type HttpResponse } from '../lib/edge/http/response.js';
import { getRuntime } from '../lib/runtime/runtime.js';
import { DASHBOARD_ERROR_PAGES } from '../lib/edge/web/error-pages.js';

const NO_FEED = 'There is no calendar feed at this address. It may have been replaced by a newer one.';

/** `GET /ics/{feedToken}/suggestions.ics`: the user's suggestions feed, for calendar apps. */
export const handler = middy(async (event: APIGatewayProxyEventV2): Promise<HttpResponse> => {
  const runtime = getRuntime();
  const key = runtime.config.signingKey;
  if (!key) throw new Error('RAPPORT_SIGNING_KEY is not configured');
  const token = feedTokenInPath(event.rawPath);
  const feed = token === null ? null : await suggestionsFeed({ store: runtime.store, key }, token);
  if (feed === null) throw notFound(NO_FEED);
  return {
    statusCode: 200,
    headers: {
      ...securityHeaders(),
      'content-type': 'text/calendar; charset=utf-8',
      // Calendar apps poll; five minutes is fresher than any of them asks, and private keeps
      // shared caches from holding a user's calendar.
      'cache-control': 'private, max-age=300',
    },
    body: feed,
  };
}).use(cloudMiddleware()).use(httpErrorResponder(() => getRuntime().logger, DASHBOARD_ERROR_PAGES));
