/**
 * The HTTP routes and the function that serves each: one table read by the CDK stack (API
 * Gateway routes) and by the local runtime (its dispatcher), so both expose the same API.
 */
export type FunctionName = 'app' | 'health' | 'book' | 'feed' | 'microsoft-oauth' | 'microsoft-webhook' | 'google-oauth' | 'google-webhook';

export interface HttpRoute {
  /** API Gateway v2 route key: `METHOD /path`, with `{proxy+}` for a greedy tail. */
  routeKey: string;
  fn: FunctionName;
}

export const HTTP_ROUTES: readonly HttpRoute[] = [
  { routeKey: 'GET /healthz', fn: 'health' },
  { routeKey: 'GET /', fn: 'app' },
  { routeKey: 'ANY /app', fn: 'app' },
  { routeKey: 'ANY /app/{proxy+}', fn: 'app' },
  { routeKey: 'ANY /api/{proxy+}', fn: 'app' },
  /** Cloud sign-in: the page with the providers' buttons, and signing out (CSRF-checked). */
  { routeKey: 'GET /signin', fn: 'app' },
  { routeKey: 'POST /signout', fn: 'app' },
  /** The guest's booking and manage pages: no sign-in, the link's token is the authority. */
  { routeKey: 'ANY /book/{proxy+}', fn: 'book' },
  /** One-click unsubscribe from an email (RFC 8058): the signed token in the path is the authority. */
  { routeKey: 'ANY /u/{proxy+}', fn: 'book' },
  /** The suggestions feed for calendar apps: the feed token in the path is the authority. */
  { routeKey: 'GET /ics/{proxy+}', fn: 'feed' },
  /** Connecting Outlook / Microsoft 365: the OAuth round trip (state + PKCE). */
  { routeKey: 'GET /oauth/microsoft/start', fn: 'microsoft-oauth' },
  { routeKey: 'GET /oauth/microsoft/callback', fn: 'microsoft-oauth' },
  /** Graph's change and lifecycle notifications: the route and the clientState are the authority. */
  { routeKey: 'POST /webhooks/microsoft', fn: 'microsoft-webhook' },
  /** Connecting Google Calendar: the consent redirect and its return. */
  { routeKey: 'GET /oauth/google/start', fn: 'google-oauth' },
  { routeKey: 'GET /oauth/google/callback', fn: 'google-oauth' },
  /** Google push notifications: the channel token (an HMAC of the channel id) is the authority. */
  { routeKey: 'POST /webhooks/google', fn: 'google-webhook' },
];

/** Finds the route API Gateway would pick: exact paths before greedy ones. */
export function matchRoute(method: string, path: string): HttpRoute | undefined {
  const candidates = HTTP_ROUTES.filter((route) => {
    const [routeMethod, routePath] = route.routeKey.split(' ') as [string, string];
    // HEAD is GET without the body: a GET route answers it (the stack adds a HEAD route for each).
    if (routeMethod !== 'ANY' && routeMethod !== method && !(method === 'HEAD' && routeMethod === 'GET')) return false;
    if (routePath.endsWith('/{proxy+}')) return path.startsWith(routePath.slice(0, -'{proxy+}'.length)) && path.length > routePath.length - '{proxy+}'.length;
    return routePath === path;
  });
  return candidates.find((r) => !r.routeKey.includes('{proxy+}')) ?? candidates[0];
}
