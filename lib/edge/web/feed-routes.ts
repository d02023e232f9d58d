import { feedTokenInPath, suggestionsFeed } from '../../adapters/calendars/rapport/feed.js';
import { notFound } from '../http/errors.js';
import { securityHeaders, type HttpResponse } from '../http/response.js';
import type { Route } from '../http/router.js';
import { signingKey, type RequestContext } from './route.js';

const NO_FEED = 'There is no calendar feed at this address. It may have been replaced by a newer one.';

/** `GET /ics/{feedToken}/suggestions.ics`: the user's suggestions feed, for calendar apps; the token is the authority. */
async function showFeed({ event, runtime, store }: RequestContext): Promise<HttpResponse> {
  const key = signingKey(runtime);
  const token = feedTokenInPath(event.rawPath);
  const feed = token === null ? null : await suggestionsFeed({ store, key }, token);
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
}

/** Any path under /ics/: an address that is not a feed is a 404 like a feed that was replaced. */
export const feedRoutes: Route<RequestContext>[] = [{ method: 'GET', path: /^\/ics\//, run: showFeed }];
