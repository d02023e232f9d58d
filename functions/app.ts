import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { cloudMiddleware } from '../lib/cloud/middleware.js';
import { httpErrorResponder } from '../lib/http/middleware.js';
import { userIdFor } from '../lib/http/user.js';
import { getRuntime } from '../lib/runtime.js';
import { routeApp } from '../lib/web/app-routes.js';

/** Dashboard (`/app`) and JSON API (`/api`). */
export const handler = middy(async (event: APIGatewayProxyEventV2) => {
  const runtime = getRuntime();
  return routeApp(event, runtime, userIdFor(event, runtime.config));
}).use(cloudMiddleware()).use(httpErrorResponder(() => getRuntime().logger));
