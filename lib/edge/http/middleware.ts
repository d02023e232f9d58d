import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { Logger } from '../../runtime/log.js';
import { httpErrorOf } from './error-statuses.js';
import { MethodNotAllowed, SignInRequired } from './errors.js';
import { header } from './request.js';
import { htmlResponse, jsonResponse, securityHeaders, type HttpResponse, type RenderedPage } from './response.js';

/** JSON for the API, webhooks and JSON clients; an HTML page for browsers. */
function wantsJson(event: APIGatewayProxyEventV2): boolean {
  const path = event.rawPath ?? '';
  if (path.startsWith('/api/') || path.startsWith('/webhooks/')) return true;
  const contentType = (header(event, 'content-type') ?? '').toLowerCase();
  const accept = (header(event, 'accept') ?? '').toLowerCase();
  return contentType.startsWith('application/json') || (accept.includes('application/json') && !accept.includes('text/html'));
}

/** A browser navigating to a page (GET), as opposed to an API call or a form being sent. */
function asksForPage(event: APIGatewayProxyEventV2): boolean {
  const method = event.requestContext?.http?.method?.toUpperCase();
  return (method === 'GET' || method === 'HEAD') && !wantsJson(event);
}

/** 302 Found: the page is there, but only after signing in. */
function toSignIn(): HttpResponse {
  return { statusCode: 302, headers: { location: '/signin', ...securityHeaders() }, body: '' };
}

/** How a function's failures look to its audience (the dashboard's user, or a guest): see web/error-pages.ts. */
export interface ErrorPages {
  render: (status: number, message: string) => RenderedPage;
  /** The answer to a failure nobody expected (a 500); the detail goes only to the log. */
  unexpected: string;
  /** The path as it may be logged: a guest's path holds their link's token. */
  loggedPath?: (path: string) => string;
}

function errorResponse(event: APIGatewayProxyEventV2, status: number, message: string, pages: ErrorPages, allowed?: readonly string[]): HttpResponse {
  const response = wantsJson(event) ? jsonResponse(status, { error: message }) : htmlResponse(status, pages.render(status, message));
  return allowed ? { ...response, headers: { ...response.headers, allow: allowed.join(', ') } } : response;
}

/**
 * The edge of every HTTP handler: failures the error table knows (error-statuses.ts) become
 * their status with their safe message (a page request that needs a session is sent to /signin
 * instead of a 401); anything else is answered with a generic 500, so no stack trace or
 * internal detail ever reaches a client. Whatever is answered with a server-side status and
 * was not already an HttpError the handler chose is logged with the request id.
 */
export function httpErrorResponder(logger: () => Logger, pages: ErrorPages): MiddlewareObj<APIGatewayProxyEventV2, HttpResponse> {
  return {
    onError: async (request) => {
      const { error, event } = request;
      if (error instanceof SignInRequired && asksForPage(event)) {
        request.response = toSignIn();
        return;
      }
      const known = httpErrorOf(error);
      if (!known || (known !== error && known.status >= 500)) {
        const path = event.rawPath ?? '';
        logger().error('request failed', { requestId: event.requestContext?.requestId, path: pages.loggedPath?.(path) ?? path, status: known?.status ?? 500, error });
      }
      request.response = errorResponse(event, known?.status ?? 500, known?.message ?? pages.unexpected, pages, known instanceof MethodNotAllowed ? known.allowed : undefined);
    },
  };
}
