import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { httpErrorResponder, type ErrorPages } from '../http/middleware.js';
import type { HttpResponse } from '../http/response.js';
import { getRuntime, type Runtime } from '../../runtime/runtime.js';
import { cloudMiddleware } from './middleware.js';

/**
 * An HTTP entry point (functions/): the function's routes behind the cloud middleware and the
 * error edge, whose failures look the way `pages` says. Locally the very same handler runs
 * behind lib/local/http-server.ts.
 */
export function httpFunction(serve: (event: APIGatewayProxyEventV2, runtime: Runtime) => Promise<HttpResponse>, pages: ErrorPages) {
  return middy(async (event: APIGatewayProxyEventV2) => serve(event, getRuntime()))
    .use(cloudMiddleware())
    .use(httpErrorResponder(() => getRuntime().logger, pages));
}
