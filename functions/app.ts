import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { cloudMiddleware } from '../lib/edge/cloud/middleware.js';
import { httpErrorResponder } from '../lib/edge/http/middleware.js';
import { userIdFor } from '../lib/edge/http/user.js';
import { getRuntime } from '../lib/runtime/runtime.js';
import { routeApp } from '../lib/edge/web/app-routes.js';
import { isSignInPath, routeSignIn } from '../lib/edge/web/sign-in-routes.js';

/**
 * Dashboard (`/app`), JSON API (`/api`), and signing in and out. Every route but the last two
 * belongs to one user, decided by `userIdFor` before the route runs: in the cloud a request
 * without a session never reaches a handler.
 */
export const handler = middy(async (event: APIGatewayProxyEventV2) => {
  const runtime = getRuntime();
  if (isSignInPath(event.rawPath)) return routeSignIn(event, runtime);
  return routeApp(event, runtime, userIdFor(event, runtime.config, runtime.now()));
}).use(cloudMiddleware()).use(httpErrorResponder(() => getRuntime().logger));
