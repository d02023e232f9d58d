import { httpFunction } from '../lib/edge/cloud/http-function.js';
import { routeApp } from '../lib/edge/web/app-routes.js';
import { DASHBOARD_ERROR_PAGES } from '../lib/edge/web/error-pages.js';

/** Dashboard (`/app`), JSON API (`/api`), and signing in and out: lib/edge/web/app-routes.ts. */
export const handler = httpFunction(routeApp, DASHBOARD_ERROR_PAGES);
