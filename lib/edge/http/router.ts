import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { methodNotAllowed, notFound } from './errors.js';
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
  const route = matching.find((r) => r.method === method);
  if (!route) throw methodNotAllowed(`${method} is not allowed here.`);
  return route.run(contextFor(route.path.exec(event.rawPath)!.slice(1)));
}
