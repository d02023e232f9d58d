import middy, { type MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { httpErrorResponder, type ErrorPages } from '../http/middleware.js';
import { checkHost, hostPolicyOf } from '../http/host-check.js';
import { securityHeaders, type HttpResponse } from '../http/response.js';
import { getRuntime, type Runtime } from '../../runtime/runtime.js';
import { cloudMiddleware } from './middleware.js';

/**
 * An HTTP entry point (functions/): the function's routes behind the cloud middleware and the
 * error edge, whose failures look the way `pages` says. Locally the very same handler runs
 * behind lib/local/http-server.ts.
 */
export function httpFunction(serve: (event: APIGatewayProxyEventV2, runtime: Runtime) => Promise<HttpResponse>, pages: ErrorPages) {
  return middy(async (event: APIGatewayProxyEventV2) => serve(event, getRuntime()))
    .use(ownHostOnly())
    .use(cloudMiddleware())
    .use(httpErrorResponder(() => getRuntime().logger, pages));
}

/**
 * In Lambda, only the configured base URL's host is answered (host-check.ts), before anything
 * else runs. API Gateway routes only its own domains, so this is the second lock, for a custom
 * domain and the default execute-api one both reaching the same API. Locally the HTTP server
 * checks (lib/local/http-server.ts).
 */
function ownHostOnly(): MiddlewareObj<APIGatewayProxyEventV2, HttpResponse> {
  return {
    before: async ({ event }) => {
      const { config } = getRuntime();
      if (!config.lambda) return;
      // API Gateway joins repeated headers with commas: two Host headers arrive as one value with a comma.
      const host = event.headers?.host;
      const verdict = checkHost(host === undefined ? [] : host.split(','), hostPolicyOf(new URL(config.baseUrl)));
      if (verdict.ok) return;
      return { statusCode: verdict.status, headers: { 'content-type': 'text/plain; charset=utf-8', ...securityHeaders() }, body: verdict.message };
    },
  };
}
