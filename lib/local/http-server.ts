import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { matchRoute, type FunctionName } from '../edge/http/routes.js';
import type { HttpResponse } from '../edge/http/response.js';
import { LOOPBACK_NAMES, checkHost, hostPolicyOf, type HostPolicy } from '../edge/http/host-check.js';
import type { Logger } from '../runtime/log.js';

/**
 * Serves the Lambda HTTP handlers locally: each request becomes the API Gateway v2 event the
 * cloud would deliver, the very same handler runs, and its result is written back. There is
 * no second implementation of any route.
 */

export type HttpHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<HttpResponse>;
export type HandlerLoader = (fn: FunctionName) => Promise<HttpHandler>;

/**
 * Lambda takes request payloads up to 6 MB; locally the same. Every route but the calendar
 * upload refuses far smaller bodies itself.
 */
const MAX_REQUEST_BYTES = 6 * 1024 * 1024;
const TEXT_TYPES = /^(text\/|application\/(json|x-www-form-urlencoded|xml))/;

async function readBody(req: IncomingMessage): Promise<Buffer | 'too-large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_REQUEST_BYTES) return 'too-large';
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function toEvent(req: IncomingMessage, body: Buffer, routeKey: string): APIGatewayProxyEventV2 {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined && name !== 'cookie') headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) query[k] = k in query ? `${query[k]},${v}` : v;
  const contentType = headers['content-type'] ?? '';
  const isText = body.length === 0 || TEXT_TYPES.test(contentType);
  const method = (req.method ?? 'GET').toUpperCase();
  const now = new Date();
  return {
    version: '2.0',
    routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    cookies: req.headers.cookie ? req.headers.cookie.split(';').map((c) => c.trim()) : undefined,
    headers,
    queryStringParameters: Object.keys(query).length ? query : undefined,
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'localhost',
      http: { method, path: url.pathname, protocol: 'HTTP/1.1', sourceIp: req.socket.remoteAddress ?? '127.0.0.1', userAgent: headers['user-agent'] ?? '' },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    body: body.length ? (isText ? body.toString('utf8') : body.toString('base64')) : undefined,
    isBase64Encoded: !isText,
  };
}

function lambdaContext(fn: string): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: `rapport-${fn}`,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:rapport-${fn}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/rapport-${fn}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => 30_000,
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}

function send(res: ServerResponse, response: HttpResponse): void {
  const headers: Record<string, string | string[]> = { ...response.headers };
  if (response.cookies?.length) headers['set-cookie'] = response.cookies;
  const body = response.body ? Buffer.from(response.body, response.isBase64Encoded ? 'base64' : 'utf8') : Buffer.alloc(0);
  headers['content-length'] = String(body.length);
  res.writeHead(response.statusCode, headers);
  res.end(body);
}

function sendPlain(res: ServerResponse, status: number, message: string): void {
  send(res, { statusCode: status, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: message });
}

export interface LocalHttpServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/** Every value of the request's Host header (Node keeps only the first in `req.headers`). */
function hostValues(req: IncomingMessage): string[] {
  const values: string[] = [];
  for (let i = 0; i < req.rawHeaders.length; i += 2) if (req.rawHeaders[i]!.toLowerCase() === 'host') values.push(req.rawHeaders[i + 1]!);
  return values;
}

export interface HttpServerOptions {
  port: number;
  host: string;
  load: HandlerLoader;
  logger: Logger;
  /**
   * Where people reach this server when it is not only on loopback (a shared server behind a
   * proxy): its Host is answered too. Loopback names on the listening port always are.
   */
  publicUrl?: URL;
}

export async function startHttpServer(options: HttpServerOptions): Promise<LocalHttpServer> {
  let policies: HostPolicy[] = [];
  const server = createServer(async (req, res) => {
    try {
      // Before any route: a DNS-rebinding page must get nothing, not even a 404 (host-check.ts).
      const verdicts = policies.map((policy) => checkHost(hostValues(req), policy));
      const refusal = verdicts.every((v) => !v.ok) ? verdicts.find((v) => !v.ok && v.status === 400) ?? verdicts[0] : undefined;
      if (refusal && !refusal.ok) {
        // The body is never read: close the connection rather than leave it to the next request.
        return send(res, { statusCode: refusal.status, headers: { 'content-type': 'text/plain; charset=utf-8', connection: 'close' }, body: refusal.message });
      }
      const method = (req.method ?? 'GET').toUpperCase();
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      const route = matchRoute(method, path);
      if (!route) return sendPlain(res, 404, 'Not found');
      const body = await readBody(req);
      if (body === 'too-large') return sendPlain(res, 413, 'The request body is too large.');
      const handler = await options.load(route.fn);
      send(res, await handler(toEvent(req, body, route.routeKey), lambdaContext(route.fn)));
    } catch (error) {
      options.logger.error('local server error', { error });
      if (!res.headersSent) sendPlain(res, 500, 'Something went wrong on our side.');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  policies = [{ names: new Set(LOOPBACK_NAMES), port, defaultPort: 80 }, ...(options.publicUrl ? [hostPolicyOf(options.publicUrl)] : [])];
  return {
    url: `http://${options.host === '127.0.0.1' ? 'localhost' : options.host}:${port}`,
    server,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/**
 * Each function's module, imported on its first request exactly as a Lambda cold start would.
 * Literal specifiers, so bundlers and tsx see every entry point.
 */
const FUNCTION_MODULES: Record<FunctionName, () => Promise<{ handler: unknown }>> = {
  app: () => import('../../functions/app.js'),
  health: () => import('../../functions/health.js'),
  book: () => import('../../functions/book.js'),
  feed: () => import('../../functions/feed.js'),
  'microsoft-oauth': () => import('../../functions/microsoft-oauth.js'),
  'microsoft-webhook': () => import('../../functions/microsoft-webhook.js'),
  'google-oauth': () => import('../../functions/google-oauth.js'),
  'google-webhook': () => import('../../functions/google-webhook.js'),
};

const loadedHandlers = new Map<FunctionName, Promise<HttpHandler>>();

/**
 * Loaded once per function and kept, as a warm Lambda keeps its module: a second `import()`
 * of a loaded module still goes through the loader (under tsx ~0.8 ms of CPU a request).
 */
export const loadFunctionHandler: HandlerLoader = (fn) => {
  let loading = loadedHandlers.get(fn);
  if (!loading) {
    loading = FUNCTION_MODULES[fn]().then((module) => module.handler as HttpHandler);
    // A failed load is not kept: the next request tries again, as a new Lambda instance would.
    loading.catch(() => loadedHandlers.delete(fn));
    loadedHandlers.set(fn, loading);
  }
  return loading;
};
