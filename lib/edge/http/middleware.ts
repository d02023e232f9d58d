import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { Logger } from '../../runtime/log.js';
import type { SafeHtml } from '../web/html.js';
import { errorPage } from '../web/layout.js';
import { HttpError, SignInRequired } from './errors.js';
import { header } from './request.js';
import { htmlResponse, jsonResponse, securityHeaders, type HttpResponse } from './response.js';

/** JSON for the API, webhooks and JSON clients; an HTML page for browsers. */
export function wantsJson(event: APIGatewayProxyEventV2): boolean {
  const path = event.rawPath ?? '';
  if (path.startsWith('/api/') || path.startsWith('/webhooks/')) return true;
  const contentType = header(event, 'content-type') ?? '';
  const accept = header(event, 'accept') ?? '';
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

export type ErrorPageRenderer = (status: number, message: string) => SafeHtml;

export function errorResponse(event: APIGatewayProxyEventV2, status: number, message: string, render: ErrorPageRenderer = errorPage): HttpResponse {
  return wantsJson(event) ? jsonResponse(status, { error: message }) : htmlResponse(status, render(status, message));
}

/**
 * The edge of every HTTP handler: typed `HttpError`s become their status with their message
 * (a page request that needs a session is sent to /signin instead of a 401); anything else
 * is logged with the request id and answered with a generic 500, so no stack trace or
 * internal detail ever reaches a client.
 */
export function httpErrorResponder(
  logger: () => Logger,
  /** Guests of the booking pages get pages without the dashboard's links. Default: the dashboard's error page. */
  options: { errorPage?: ErrorPageRenderer } = {},
): MiddlewareObj<APIGatewayProxyEventV2, HttpResponse> {
  return {
    onError: async (request) => {
      const { error, event } = request;
      if (error instanceof SignInRequired && asksForPage(event)) {
        request.response = toSignIn();
        return;
      }
      if (error instanceof HttpError) {
        request.response = errorResponse(event, error.status, error.message, options.errorPage);
        return;
      }
      logger().error('unhandled error', {
        requestId: event.requestContext?.requestId,
        path: event.rawPath,
        error,
      });
      request.response = errorResponse(event, 500, 'Something went wrong on our side; nothing was changed. Please try again.', options.errorPage);
    },
  };
}
