import { httpFunction } from '../lib/edge/cloud/http-function.js';
import { DASHBOARD_ERROR_PAGES } from '../lib/edge/web/error-pages.js';
import { routeOpen } from '../lib/edge/web/route.js';
import { microsoftWebhookRoutes } from '../lib/edge/web/webhook-routes.js';

/** `POST /webhooks/microsoft`: Graph's change and lifecycle notifications; the work runs after the 202. */
export const handler = httpFunction((event, runtime) => routeOpen(microsoftWebhookRoutes, event, runtime), DASHBOARD_ERROR_PAGES);
