import { httpFunction } from '../lib/edge/cloud/http-function.js';
import { DASHBOARD_ERROR_PAGES } from '../lib/edge/web/error-pages.js';
import { feedRoutes } from '../lib/edge/web/feed-routes.js';
import { routeOpen } from '../lib/edge/web/route.js';

/** `GET /ics/{feedToken}/suggestions.ics`: the user's suggestions feed, for calendar apps. */
export const handler = httpFunction((event, runtime) => routeOpen(feedRoutes, event, runtime), DASHBOARD_ERROR_PAGES);
