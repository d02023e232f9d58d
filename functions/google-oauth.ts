import { httpFunction } from '../lib/edge/cloud/http-function.js';
import { DASHBOARD_ERROR_PAGES } from '../lib/edge/web/error-pages.js';
import { googleOAuthRoutes } from '../lib/edge/web/google-oauth-routes.js';
import { routeOpen } from '../lib/edge/web/route.js';

/** `GET /oauth/google/start` and `/callback`: connecting a Google account, or signing in with one. */
export const handler = httpFunction((event, runtime) => routeOpen(googleOAuthRoutes, event, runtime), DASHBOARD_ERROR_PAGES);
