import { httpFunction } from '../lib/edge/cloud/http-function.js';
import { DASHBOARD_ERROR_PAGES } from '../lib/edge/web/error-pages.js';
import { microsoftOAuthRoutes } from '../lib/edge/web/microsoft-oauth-routes.js';
import { routeOpen } from '../lib/edge/web/route.js';

/** `GET /oauth/microsoft/start` and `/callback`: connecting Outlook, or signing in with a Microsoft account. */
export const handler = httpFunction((event, runtime) => routeOpen(microsoftOAuthRoutes, event, runtime), DASHBOARD_ERROR_PAGES);
