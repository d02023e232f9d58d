import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { cloudMiddleware } from '../lib/edge/cloud/middleware.js';
import { httpErrorResponder } from '../lib/edge/http/middleware.js';
import { getRuntime } from '../lib/runtime/runtime.js';
import { routeApp } from '../lib/edge/web/app-routes.js';
import { DASHBOARD_ERROR_PAGES } from '../lib/edge/web/error-pages.js';

/** Dashboard (`/app`), JSON API (`/api`), and signing in and out: lib/edge/web/app-routes.ts. */
export const handler = middy(async (event: APIGatewayProxyEventV2) => routeApp(event, getRuntime()))
  .use(cloudMiddleware())
  .use(httpErrorResponder(() => getRuntime().logger, DASHBOARD_ERROR_PAGES));
