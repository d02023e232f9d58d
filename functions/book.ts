import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { cloudMiddleware } from '../lib/edge/cloud/middleware.js';
import { httpErrorResponder } from '../lib/edge/http/middleware.js';
import { getRuntime } from '../lib/runtime/runtime.js';
import { bookingRoutes } from '../lib/edge/web/booking-routes.js';
import { GUEST_ERROR_PAGES } from '../lib/edge/web/error-pages.js';
import { routeGuest } from '../lib/edge/web/guest-route.js';

/** The guest's booking and manage pages (`/book/...`): public, no sign-in, the link's token is the key. */
export const handler = middy(async (event: APIGatewayProxyEventV2) => routeGuest(bookingRoutes, event, getRuntime()))
  .use(cloudMiddleware())
  .use(httpErrorResponder(() => getRuntime().logger, GUEST_ERROR_PAGES));
