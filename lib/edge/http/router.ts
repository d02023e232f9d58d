import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { badRequest, methodNotAllowed, notFound } from './errors.js';
import type { HttpResponse } from './response.js';

/**
 * The one router of every HTTP function: a table of method, path pattern and handler; the
 * pattern's groups become `params`. `C` is what the function's handlers get (the dashboard's
 * user, a guest's booking dependencies, ...), built only once a route matched.
 */
export interface Route<C> {
  method: string;
  path: RegExp;
  run: (ctx: C) => Promise<HttpResponse>;
}

export interface RouteOptions {
  /** What a path no route knows is told (404). */
  noPage?: string;
}

export async function routeRequest<C>(
  routes: readonly Route<C>[],
  event: APIGatewayProxyEventV2,
  contextFor: (params: string[]) => C,
  options: RouteOptions = {},
): Promise<HttpResponse> {
  const method = event.requestContext.http.method.toUpperCase();
  const matching = routes.filter((r) => r.path.test(event.rawPath));
  if (matching.length === 0) throw notFound(options.noPage ?? 'There is no page at this address.');
  // HEAD is GET without the body (RFC 9110 §9.3.2): every page answers it.
  const route = matching.find((r) => r.method === method) ?? (method === 'HEAD' ? matching.find((r) => r.method === 'GET') : undefined);
  if (!route) {
    const allowed = [...new Set(matching.flatMap((r) => (r.method === 'GET' ? ['GET', 'HEAD'] : [r.method])))];
    throw methodNotAllowed(`${method} is not allowed here.`, allowed);
  }
  const params = route.path.exec(event.rawPath)!.slice(1).map(decodedParam);
  const response = await route.run(contextFor(params));
  return method === 'HEAD' ? { ...response, body: '', isBase64Encoded: false } : response;
}

/** A path part as sent, %-decoded; a broken %-escape (`%ZZ`) is the sender's mistake, a 400. */
function decodedParam(raw: string | undefined): string {
  if (raw === undefined) return '';
  try {
    return decodeURIComponent(raw);
  } catch {
    throw badRequest('The address is not valid: it has a broken %-escape.');
  }
}
