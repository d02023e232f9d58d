import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createDeltaQueries } from './delta.js';
import { instanceDiscovery, openIdConfiguration } from './discovery.js';
import { eventRoute } from './events.js';
import { createHolds, type Hold } from './holds.js';
import { createIdentityPlatform } from './identity.js';
import { createMailboxes } from './mailboxes.js';
import { getSchedule } from './schedule.js';
import { createSignIn } from './sign-in.js';
import { createSubscriptions, type NotifyOptions, type Subscription } from './subscriptions.js';
import { graphError, jsonReply, oauthError, preferredPageSize, preferredZone, readBody, send, type GraphCall, type GraphEvent, type Reply } from './wire.js';

export { graphError, graphTime, type GraphDateTime, type GraphEvent } from './wire.js';
export type { Subscription } from './subscriptions.js';
export type { Hold } from './holds.js';

/**
 * A local Microsoft Graph + Microsoft identity platform that speaks the real wire format, so
 * the real `@microsoft/microsoft-graph-client` and the real `@azure/msal-node` talk to it
 * through their own configuration (Graph base URL + customHosts, MSAL authority +
 * knownAuthorities). It serves HTTPS: MSAL refuses a non-https authority and the Graph client
 * only authenticates https hosts, so whoever starts it passes a certificate its process trusts
 * (the tests' run CA, or the local run's, see tls.ts).
 *
 * What it reproduces (see shared/CALENDAR-FACTS.md): calendarView/delta with $skiptoken pages
 * and a final $deltatoken link, later delta calls returning only changes (`@removed` for
 * deletions), 410 syncStateNotFound for an unknown token, `Prefer: odata.maxpagesize` and
 * `Prefer: outlook.timezone`, idempotent POST /me/events by transactionId, PATCH/DELETE with
 * 404 ErrorItemNotFound, getSchedule (≤ 20 schedules, < 62 days), subscriptions with the
 * validationToken handshake, /me, and the v2.0 authorize/token endpoints with PKCE and
 * refresh tokens. Error bodies have Graph's shape. Faults can be queued; every request is
 * counted, and the largest number of requests in flight per mailbox is measured.
 *
 * This module is the HTTP side: recording, faults, routing. Each kind of request is answered
 * by its own module (identity.ts, sign-in.ts, delta.ts, events.ts, schedule.ts, subscriptions.ts).
 */

export interface RecordedRequest {
  method: string;
  path: string;
  search: string;
  /** The mailbox the bearer token belongs to (Graph calls only). */
  mailbox?: string;
  prefer?: string;
  /** What the identity platform was asked for (`authorization_code`, `refresh_token`). */
  grantType?: string;
  status: number;
}

export interface Fault {
  /** Which requests the fault applies to (matched against `METHOD /path?query`). */
  match: RegExp;
  status: number;
  headers?: Record<string, string>;
  /** Graph error code (or, on the token endpoint, the OAuth `error`). */
  code: string;
  /** How many matching requests fail; then the fault is spent. */
  times: number;
  /** The request takes effect and only its answer is lost (a timeout after the write). */
  afterEffect?: boolean;
}

export interface GraphServerOptions {
  clientId: string;
  clientSecret: string;
  /** PEM files of a `localhost` certificate issued by a CA this process trusts (NODE_EXTRA_CA_CERTS). */
  tls: { certFile: string; keyFile: string };
  /** Added to every Graph request before it is answered, so concurrent requests overlap. */
  latencyMs?: number;
  /**
   * Sign-in shows a page with Allow / Cancel (the local run) instead of answering at once.
   * The page is served over plain http on loopback, and the discovery document sends MSAL's
   * authorize URL there: a person's browser does not trust the fake's CA, and would otherwise
   * stop at a certificate warning. MSAL itself still talks to the https endpoints only.
   */
  consentPage?: boolean;
  /** The https port; 0 or absent picks a free one. */
  port?: number;
}

export interface GraphServer {
  /** `https://localhost:PORT`: the authority host. */
  url: string;
  /** `https://localhost:PORT/v1.0`. */
  graphRoot: string;
  /** Where the browser signs in: `url`, or the http origin of the consent page. */
  signInUrl: string;
  requests: RecordedRequest[];
  subscriptions: Map<string, Subscription>;
  /** Adds a mailbox (if new); the first sign-in through /authorize uses `signInAs`. */
  addMailbox(email: string, name?: string): void;
  /** The mailbox calendar's allowedOnlineMeetingProviders (Teams by default; `[]` as for a personal account). */
  setOnlineMeetingProviders(email: string, providers: string[]): void;
  signInAs(email: string): void;
  /** Sets an event (new or changed) as the user would in Outlook. */
  putEvent(email: string, event: GraphEvent): void;
  deleteEvent(email: string, id: string): void;
  events(email: string): GraphEvent[];
  /** Forgets every delta/skip token of the mailbox: the next call with one answers 410. */
  expireDeltaTokens(email: string): void;
  /** Revokes the mailbox's refresh tokens: the next refresh answers invalid_grant. */
  revokeGrants(email: string): void;
  /** Lifetime of access tokens issued from now on (MSAL refreshes 5 minutes before expiry). */
  setTokenLifetime(seconds: number): void;
  fault(fault: Fault): void;
  /** Holds matching Graph requests (`METHOD /path`, e.g. `/^GET \/v1.0\/me\/calendarView\/delta/`) until released. */
  hold(match: RegExp): Hold;
  maxInFlight(email: string): number;
  /** Graph requests so far, optionally only those whose `METHOD /path` matches. */
  graphRequests(match?: RegExp): RecordedRequest[];
  /** Sends a change notification for the mailbox's subscriptions; returns the webhook's statuses. */
  notify(email: string, options?: NotifyOptions): Promise<number[]>;
  close(): Promise<void>;
}

const IDENTITY_PATH = /^\/([^/]+)\/(oauth2\/v2\.0\/(authorize|token|consent)|v2\.0\/\.well-known\/openid-configuration|discovery\/instance)$/;

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}

export async function startGraphServer(options: GraphServerOptions): Promise<GraphServer> {
  const https = createHttpsServer({ cert: readFileSync(options.tls.certFile), key: readFileSync(options.tls.keyFile) });
  const signInPage = options.consentPage ? createHttpServer() : undefined;
  // Routes build absolute links (delta links, discovery), so the origins are fixed before the first request.
  let base = '';
  let signInBase = '';
  try {
    base = `https://localhost:${await listen(https, options.port ?? 0)}`;
    signInBase = signInPage ? `http://localhost:${await listen(signInPage, 0)}` : base;
  } catch (error) {
    await closeServer(https);
    if (signInPage) await closeServer(signInPage);
    throw error;
  }
  const origin = () => base;

  const mailboxes = createMailboxes();
  const identity = createIdentityPlatform(options, mailboxes, origin);
  const signIn = createSignIn(identity, { clientId: options.clientId, page: options.consentPage === true });
  const delta = createDeltaQueries(origin);
  const subscriptions = createSubscriptions(options.clientId, origin);
  const requests: RecordedRequest[] = [];
  const faults: Fault[] = [];
  const holds = createHolds();

  function takeFault(target: string): Fault | undefined {
    const index = faults.findIndex((f) => f.match.test(target));
    if (index < 0) return undefined;
    const fault = faults[index]!;
    fault.times -= 1;
    if (fault.times <= 0) faults.splice(index, 1);
    return fault;
  }

  async function identityRequest(url: URL, body: string, record: RecordedRequest): Promise<Reply> {
    const [, tenant, , endpoint] = IDENTITY_PATH.exec(url.pathname) ?? [];
    if (url.pathname.endsWith('openid-configuration')) return jsonReply(200, openIdConfiguration(base, tenant ?? 'common', signInBase));
    if (url.pathname.endsWith('discovery/instance')) return jsonReply(200, instanceDiscovery(base));
    if (endpoint === 'authorize') return signIn.authorize(url.searchParams);
    if (endpoint === 'consent') return record.method === 'POST' ? signIn.consent(new URLSearchParams(body)) : jsonReply(405, oauthError('invalid_request', 'AADSTS900561: The endpoint only accepts POST requests.'));
    const form = new URLSearchParams(body);
    record.grantType = form.get('grant_type') ?? undefined;
    const fault = takeFault(`${record.method} ${url.pathname}`);
    if (fault) return jsonReply(fault.status, oauthError(fault.code, 'Injected fault'), fault.headers);
    return identity.token(form);
  }

  async function graphRequest(call: GraphCall): Promise<Reply> {
    const { method, path } = call;
    if (method === 'GET' && path === '/me/calendarView/delta') return delta.read(call.box, call.url, call.zone, call.pageSize);
    if (method === 'POST' && path === '/me/calendar/getSchedule') return getSchedule(mailboxes, origin, call);
    const answer = eventRoute(mailboxes, origin, call) ?? (await subscriptions.route(call));
    return answer ?? jsonReply(400, graphError('BadRequest', `Unsupported request ${method} ${path}`));
  }

  /** A Graph call: the bearer token names the mailbox; latency and faults apply here. */
  async function graph(req: IncomingMessage, url: URL, body: string, record: RecordedRequest): Promise<Reply> {
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const email = bearer ? identity.mailboxOf(bearer) : undefined;
    if (!email) return jsonReply(401, graphError('InvalidAuthenticationToken', 'Access token is empty or has expired.'));
    const box = mailboxes.get(email);
    record.mailbox = box.email;
    box.inFlight += 1;
    box.maxInFlight = Math.max(box.maxInFlight, box.inFlight);
    try {
      if (options.latencyMs) await new Promise((r) => setTimeout(r, options.latencyMs));
      await holds.pass(`${record.method} ${url.pathname}`);
      const fault = takeFault(`${record.method} ${url.pathname}${url.search}`);
      const call: GraphCall = { box, method: record.method, path: url.pathname.slice('/v1.0'.length), url, body, zone: preferredZone(record.prefer), pageSize: preferredPageSize(record.prefer) };
      if (fault?.afterEffect) await graphRequest(call);
      if (fault) return jsonReply(fault.status, graphError(fault.code, 'Injected fault'), fault.headers);
      return graphRequest(call);
    } finally {
      box.inFlight -= 1;
    }
  }

  async function answer(req: IncomingMessage, res: ServerResponse, onlySignIn: boolean): Promise<void> {
    const url = new URL(req.url ?? '/', onlySignIn ? signInBase : base);
    const body = await readBody(req);
    const record: RecordedRequest = { method: req.method ?? 'GET', path: url.pathname, search: url.search, status: 0 };
    const prefer = req.headers.prefer;
    if (prefer) record.prefer = Array.isArray(prefer) ? prefer.join(', ') : prefer;
    requests.push(record);
    const identityEndpoint = IDENTITY_PATH.exec(url.pathname)?.[3];
    // The http origin is the browser's: it serves the sign-in page and nothing MSAL or Graph calls.
    const served = onlySignIn ? identityEndpoint === 'authorize' || identityEndpoint === 'consent' : true;
    let reply: Reply;
    if (served && IDENTITY_PATH.test(url.pathname)) reply = await identityRequest(url, body, record);
    else if (served && url.pathname.startsWith('/v1.0/')) reply = await graph(req, url, body, record);
    else reply = jsonReply(404, graphError('ResourceNotFound', `No route ${url.pathname}`));
    record.status = reply.status;
    send(res, reply);
  }

  const handler = (onlySignIn: boolean) => (req: IncomingMessage, res: ServerResponse) => {
    void answer(req, res, onlySignIn).catch((error: unknown) => {
      if (!res.headersSent) send(res, jsonReply(500, graphError('InternalServerError', String(error))));
      else res.end();
    });
  };
  https.on('request', handler(false));
  signInPage?.on('request', handler(true));

  return {
    url: base,
    graphRoot: `${base}/v1.0`,
    signInUrl: signInBase,
    requests,
    subscriptions: subscriptions.all,
    addMailbox: (email, name) => void mailboxes.add(email, name),
    setOnlineMeetingProviders: (email, providers) => void (mailboxes.get(email).onlineMeetingProviders = [...providers]),
    signInAs: (email) => identity.signInAs(email),
    putEvent: (email, event) => mailboxes.putEvent(email, event),
    deleteEvent: (email, id) => mailboxes.deleteEvent(email, id),
    events: (email) => [...mailboxes.get(email).events.values()].map((e) => structuredClone(e.event)),
    expireDeltaTokens: (email) => delta.expire(email),
    revokeGrants: (email) => identity.revokeGrants(email),
    setTokenLifetime: (seconds) => identity.setTokenLifetime(seconds),
    fault(fault) {
      faults.push({ ...fault });
    },
    hold: (match) => holds.hold(match),
    maxInFlight: (email) => mailboxes.get(email).maxInFlight,
    graphRequests: (match) => requests.filter((r) => r.path.startsWith('/v1.0/') && (!match || match.test(`${r.method} ${r.path}`))),
    notify: (email, notifyOptions) => subscriptions.notify(email, notifyOptions),
    async close() {
      await closeServer(https);
      if (signInPage) await closeServer(signInPage);
    },
  };
}
