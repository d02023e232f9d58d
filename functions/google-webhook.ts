import { httpFunction } from '../lib/edge/cloud/http-function.js';
import { DASHBOARD_ERROR_PAGES } from '../lib/edge/web/error-pages.js';
import { routeOpen } from '../lib/edge/web/route.js';
import { googleWebhookRoutes } from '../lib/edge/web/webhook-routes.js';

/** `POST /webhooks/google`: a push notification from a Google channel (JSON errors, as every webhook). */
export const handler = httpFunction((event, runtime) => routeOpen(googleWebhookRoutes, event, runtime), DASHBOARD_ERROR_PAGES);
