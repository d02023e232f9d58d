import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { instanceDiscovery, openIdConfiguration } from './graph-identity.js';
import {
  base64url,
  graphError,
  inZone,
  oauthError,
  preferredPageSize,
  preferredZone,
  readBody,
  sendJson,
  toUtc,
  type GraphDateTime,
  type GraphEvent,
} from './graph-wire.js';

export { graphError, graphTime, type GraphDateTime, type GraphEvent } from './graph-wire.js';

/**
 * A local Microsoft Graph + Microsoft identity platform that speaks the real wire format, so
 * the real `@microsoft/microsoft-graph-client` and the real `@azure/msal-node` talk to it
 * through their own configuration (Graph base URL + customHosts, MSAL authority +
 * knownAuthorities). It serves HTTPS with the run's test certificate (test/support/test-tls.ts):
 * MSAL refuses a non-https authority and the Graph client only authenticates https hosts.
 *
 * What it reproduces (see shared/CALENDAR-FACTS.md): calendarView/delta with $skiptoken pages
 * and a final $deltatoken link, later delta calls returning only changes (`@removed` for
 * deletions), 410 syncStateNotFound for an unknown token, `Prefer: odata.maxpagesize` and
 * `Prefer: outlook.timezone`, idempotent POST /me/events by transactionId, PATCH/DELETE with
 * 404 ErrorItemNotFound, getSchedule (≤ 20 schedules, < 62 days), subscriptions with the
 * validationToken handshake, /me, and the v2.0 authorize/token endpoints with PKCE and
 * refresh tokens. Error bodies have Graph's shape. Faults can be queued; every request is
 * counted, and the largest number of requests in flight per mailbox is measured.
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

interface Mailbox {
  email: string;
  name: string;
  id: string;
  events: Map<string, { event: GraphEvent; version: number }>;
  removed: Map<string, number>;
  version: number;
  inFlight: number;
  maxInFlight: number;
}

interface DeltaState {
  mailbox: string;
  from: string;
  to: string;
  /** Changes after this version are "new" to the holder of the token (0 = everything). */
  since: number;
}

interface PageState extends DeltaState {
  /** The version the listing is a snapshot of, and where the next delta link starts. */
  upTo: number;
  offset: number;
  pageSize: number;
}

export interface Subscription {
  id: string;
  mailbox: string;
  resource: string;
  changeType: string;
  notificationUrl: string;
  lifecycleNotificationUrl?: string;
  clientState?: string;
  expirationDateTime: string;
}

export interface GraphServerOptions {
  clientId: string;
  clientSecret: string;
  /** Added to every Graph request before it is answered, so concurrent requests overlap. */
  latencyMs?: number;
}

export interface GraphServer {
  /** `https://localhost:PORT`: the authority host. */
  url: string;
  /** `https://localhost:PORT/v1.0`. */
  graphRoot: string;
  requests: RecordedRequest[];
  subscriptions: Map<string, Subscription>;
  /** Adds (or returns) a mailbox; the first sign-in through /authorize uses `signInAs`. */
  addMailbox(email: string, name?: string): void;
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
  maxInFlight(email: string): number;
  /** Graph requests so far, optionally only those whose `METHOD /path` matches. */
  graphRequests(match?: RegExp): RecordedRequest[];
  /** Sends a change notification for the mailbox's subscriptions; returns the webhook's statuses. */
  notify(email: string, options?: { clientState?: string; lifecycleEvent?: string }): Promise<number[]>;
  close(): Promise<void>;
}

const MAX_SUBSCRIPTION_MINUTES = 4230;
const DAY_MS = 86_400_000;

export async function startGraphServer(options: GraphServerOptions): Promise<GraphServer> {
  const cert = process.env.RAPPORT_TEST_TLS_CERT;
  const key = process.env.RAPPORT_TEST_TLS_KEY;
  if (!cert || !key) throw new Error('No test certificate: is test/support/test-tls.ts in vitest.config.ts globalSetup?');

  const mailboxes = new Map<string, Mailbox>();
  const accessTokens = new Map<string, { mailbox: string; expiresAt: number }>();
  const refreshTokens = new Map<string, string>();
  const codes = new Map<string, { mailbox: string; challenge: string; redirectUri: string; scope: string }>();
  const deltaTokens = new Map<string, DeltaState>();
  const skipTokens = new Map<string, PageState>();
  const subscriptions = new Map<string, Subscription>();
  const requests: RecordedRequest[] = [];
  const faults: Fault[] = [];
  let signInEmail: string | undefined;
  let tokenLifetime = 3600;
  let base = '';
  const tenantId = '9188040d-6c67-4c5b-b112-36a304b66dad';

  const mailboxOf = (email: string): Mailbox => {
    const box = mailboxes.get(email.toLowerCase());
    if (!box) throw new Error(`no mailbox ${email}`);
    return box;
  };
  const addMailbox = (email: string, name = email.split('@')[0]!) => {
    const lower = email.toLowerCase();
    if (!mailboxes.has(lower)) {
      mailboxes.set(lower, { email: lower, name, id: randomUUID(), events: new Map(), removed: new Map(), version: 0, inFlight: 0, maxInFlight: 0 });
    }
  };
  const putEvent = (email: string, event: GraphEvent) => {
    const box = mailboxOf(email);
    box.version += 1;
    box.events.set(event.id, { event: structuredClone(event), version: box.version });
    box.removed.delete(event.id);
  };
  const deleteEvent = (email: string, id: string) => {
    const box = mailboxOf(email);
    box.version += 1;
    box.events.delete(id);
    box.removed.set(id, box.version);
  };

  const server: Server = createServer({ cert: readFileSync(cert), key: readFileSync(key) }, (req, res) => {
    void handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, graphError('InternalServerError', String(error)));
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', base);
    const body = await readBody(req);
    const record: RecordedRequest = { method: req.method ?? 'GET', path: url.pathname, search: url.search, status: 0 };
    const prefer = req.headers.prefer;
    if (prefer) record.prefer = Array.isArray(prefer) ? prefer.join(', ') : prefer;
    requests.push(record);
    const respond = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      record.status = status;
      sendJson(res, status, payload, headers);
    };

    const identity = /^\/([^/]+)\/(oauth2\/v2\.0\/(authorize|token)|v2\.0\/\.well-known\/openid-configuration|discovery\/instance)$/.exec(url.pathname);
    if (identity || url.pathname === '/common/discovery/instance') {
      const tenant = identity?.[1] ?? 'common';
      if (url.pathname.endsWith('openid-configuration')) return respond(200, openIdConfiguration(base, tenant));
      if (url.pathname.endsWith('discovery/instance')) return respond(200, instanceDiscovery(base));
      if (url.pathname.endsWith('/authorize')) return authorize(url, res, record);
      const form = new URLSearchParams(body);
      record.grantType = form.get('grant_type') ?? undefined;
      const fault = takeFault(`${record.method} ${url.pathname}`);
      if (fault) return respond(fault.status, oauthError(fault.code, 'Injected fault'), fault.headers);
      return token(form, respond);
    }

    if (!url.pathname.startsWith('/v1.0/')) return respond(404, graphError('ResourceNotFound', `No route ${url.pathname}`));
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const session = bearer ? accessTokens.get(bearer) : undefined;
    if (!session || session.expiresAt < Date.now()) {
      return respond(401, graphError('InvalidAuthenticationToken', 'Access token is empty or has expired.'));
    }
    const box = mailboxOf(session.mailbox);
    record.mailbox = box.email;
    box.inFlight += 1;
    box.maxInFlight = Math.max(box.maxInFlight, box.inFlight);
    try {
      if (options.latencyMs) await new Promise((r) => setTimeout(r, options.latencyMs));
      const fault = takeFault(`${record.method} ${url.pathname}${url.search}`);
      const path = url.pathname.slice('/v1.0'.length);
      const zone = preferredZone(record.prefer);
      if (fault?.afterEffect) await graph(box, record.method, path, url, body, zone, preferredPageSize(record.prefer), () => undefined);
      if (fault) return respond(fault.status, graphError(fault.code, 'Injected fault'), fault.headers);
      return graph(box, record.method, path, url, body, zone, preferredPageSize(record.prefer), respond);
    } finally {
      box.inFlight -= 1;
    }
  }

  function takeFault(target: string): Fault | undefined {
    const index = faults.findIndex((f) => f.match.test(target));
    if (index < 0) return undefined;
    const fault = faults[index]!;
    fault.times -= 1;
    if (fault.times <= 0) faults.splice(index, 1);
    return fault;
  }

  function authorize(url: URL, res: ServerResponse, record: RecordedRequest) {
    const redirectUri = url.searchParams.get('redirect_uri');
    const state = url.searchParams.get('state');
    const challenge = url.searchParams.get('code_challenge');
    const email = url.searchParams.get('login_hint')?.toLowerCase() ?? signInEmail;
    if (url.searchParams.get('client_id') !== options.clientId || !redirectUri || !challenge || url.searchParams.get('code_challenge_method') !== 'S256' || !email) {
      record.status = 400;
      res.writeHead(400, { 'content-type': 'text/plain' }).end('AADSTS900144: bad authorize request');
      return;
    }
    const code = `code-${randomBytes(16).toString('hex')}`;
    codes.set(code, { mailbox: email, challenge, redirectUri, scope: url.searchParams.get('scope') ?? '' });
    const target = new URL(redirectUri);
    target.searchParams.set('code', code);
    if (state) target.searchParams.set('state', state);
    target.searchParams.set('client_info', clientInfo(mailboxOf(email)));
    record.status = 302;
    res.writeHead(302, { location: target.toString() }).end();
  }

  function token(form: URLSearchParams, respond: (status: number, payload: unknown) => void) {
    if (form.get('client_id') !== options.clientId || form.get('client_secret') !== options.clientSecret) {
      return respond(401, oauthError('invalid_client', 'AADSTS7000215: Invalid client secret provided.'));
    }
    const grant = form.get('grant_type');
    let email: string | undefined;
    if (grant === 'authorization_code') {
      const code = codes.get(form.get('code') ?? '');
      codes.delete(form.get('code') ?? '');
      const verifier = form.get('code_verifier') ?? '';
      if (!code || code.redirectUri !== form.get('redirect_uri')) return respond(400, oauthError('invalid_grant', 'AADSTS70000: The provided authorization code is invalid or expired.'));
      if (createHash('sha256').update(verifier).digest('base64url') !== code.challenge) {
        return respond(400, oauthError('invalid_grant', 'AADSTS501481: The Code_Verifier does not match the code_challenge supplied in the authorization request.'));
      }
      email = code.mailbox;
    } else if (grant === 'refresh_token') {
      email = refreshTokens.get(form.get('refresh_token') ?? '');
      if (!email) return respond(400, oauthError('invalid_grant', 'AADSTS700082: The refresh token has expired due to inactivity.'));
    } else {
      return respond(400, oauthError('unsupported_grant_type', `AADSTS70003: grant ${grant}`));
    }
    const box = mailboxOf(email);
    const accessToken = `at-${randomBytes(24).toString('hex')}`;
    const refreshToken = `rt-${randomBytes(24).toString('hex')}`;
    accessTokens.set(accessToken, { mailbox: box.email, expiresAt: Date.now() + tokenLifetime * 1000 });
    refreshTokens.set(refreshToken, box.email);
    const now = Math.floor(Date.now() / 1000);
    const idToken = [
      base64url({ typ: 'JWT', alg: 'none' }),
      base64url({
        aud: options.clientId,
        iss: `${base}/${tenantId}/v2.0`,
        iat: now,
        nbf: now,
        exp: now + 3600,
        name: box.name,
        oid: box.id,
        preferred_username: box.email,
        sub: box.id,
        tid: tenantId,
        ver: '2.0',
      }),
      '',
    ].join('.');
    respond(200, {
      token_type: 'Bearer',
      // Granted scopes, as the identity platform lists them (offline_access is implied by the refresh token).
      scope: (form.get('scope') ?? 'Calendars.ReadWrite User.Read openid profile')
        .split(' ')
        .filter((s) => s && s !== 'offline_access')
        .join(' '),
      expires_in: tokenLifetime,
      ext_expires_in: tokenLifetime,
      access_token: accessToken,
      refresh_token: refreshToken,
      id_token: idToken,
      client_info: clientInfo(box),
    });
  }

  function clientInfo(box: Mailbox): string {
    return base64url({ uid: box.id, utid: tenantId });
  }

  async function graph(
    box: Mailbox,
    method: string,
    path: string,
    url: URL,
    body: string,
    zone: string,
    pageSize: number,
    respond: (status: number, payload: unknown, headers?: Record<string, string>) => void,
  ): Promise<void> {
    const json = () => (body ? (JSON.parse(body) as Record<string, unknown>) : {});
    if (method === 'GET' && path === '/me') {
      return respond(200, { '@odata.context': `${base}/v1.0/$metadata#users/$entity`, id: box.id, displayName: box.name, mail: box.email, userPrincipalName: box.email });
    }
    if (method === 'GET' && path === '/me/calendarView/delta') return delta(box, url, zone, pageSize, respond);
    if (method === 'POST' && path === '/me/events') {
      const input = json() as Partial<GraphEvent>;
      if (input.transactionId) {
        const existing = [...box.events.values()].find((e) => e.event.transactionId === input.transactionId);
        if (existing) return respond(201, inZone(existing.event, zone));
      }
      if (!input.start || !input.end) return respond(400, graphError('ErrorInvalidRequest', 'start and end are required'));
      const event: GraphEvent = {
        showAs: 'busy',
        type: 'singleInstance',
        isAllDay: false,
        isCancelled: false,
        responseStatus: { response: 'organizer', time: '0001-01-01T00:00:00Z' },
        organizer: { emailAddress: { address: box.email, name: box.name } },
        attendees: [],
        ...input,
        id: `AAMkAD${randomBytes(24).toString('base64url')}`,
        iCalUId: `040000008200E00074C5B7101A82E008${randomBytes(24).toString('hex').toUpperCase()}`,
        start: toUtc(input.start),
        end: toUtc(input.end),
      };
      putEvent(box.email, event);
      return respond(201, inZone(event, zone));
    }
    if (method === 'GET' && path === '/me/events') {
      // The one filter Rapport uses: its own id in a single-value extended property.
      const filter = url.searchParams.get('$filter') ?? '';
      const match = /^singleValueExtendedProperties\/Any\(ep: ep\/id eq '([^']+)' and ep\/value eq '([^']*)'\)$/.exec(filter);
      if (!match) return respond(400, graphError('ErrorInvalidUrlQueryFilter', `Unsupported filter ${filter}`));
      const found = [...box.events.values()]
        .map((e) => e.event)
        .filter((e) => (e.singleValueExtendedProperties ?? []).some((p) => p.id.toLowerCase() === match[1]!.toLowerCase() && p.value === match[2]));
      return respond(200, { '@odata.context': `${base}/v1.0/$metadata#users('${box.email}')/events`, value: found.map((e) => inZone(e, zone)) });
    }
    const eventPath = /^\/me\/events\/([^/]+)$/.exec(path);
    if (eventPath) {
      const id = decodeURIComponent(eventPath[1]!);
      const existing = box.events.get(id);
      if (!existing) return respond(404, graphError('ErrorItemNotFound', 'The specified object was not found in the store.'));
      if (method === 'GET') return respond(200, inZone(existing.event, zone));
      if (method === 'DELETE') {
        deleteEvent(box.email, id);
        return respond(204, undefined);
      }
      if (method === 'PATCH') {
        const patch = json() as Partial<GraphEvent>;
        const event = { ...existing.event, ...patch, id, iCalUId: existing.event.iCalUId } as GraphEvent;
        if (patch.start) event.start = toUtc(patch.start);
        if (patch.end) event.end = toUtc(patch.end);
        putEvent(box.email, event);
        return respond(200, inZone(event, zone));
      }
    }
    if (method === 'POST' && path === '/me/calendar/getSchedule') return schedule(box, json(), zone, respond);
    if (method === 'POST' && path === '/subscriptions') return subscribe(box, json(), respond);
    const subscriptionPath = /^\/subscriptions\/([^/]+)$/.exec(path);
    if (subscriptionPath) {
      const subscription = subscriptions.get(subscriptionPath[1]!);
      if (!subscription || subscription.mailbox !== box.email) return respond(404, graphError('ResourceNotFound', 'The object was not found.'));
      if (method === 'DELETE') {
        subscriptions.delete(subscription.id);
        return respond(204, undefined);
      }
      if (method === 'PATCH') {
        const expiration = String(json().expirationDateTime ?? '');
        const problem = expirationProblem(expiration);
        if (problem) return respond(400, graphError('ExtensionError', problem));
        subscription.expirationDateTime = expiration;
        return respond(200, subscriptionJson(subscription));
      }
    }
    respond(400, graphError('BadRequest', `Unsupported request ${method} ${path}`));
  }

  function delta(box: Mailbox, url: URL, zone: string, pageSize: number, respond: (status: number, payload: unknown) => void) {
    const skip = url.searchParams.get('$skiptoken');
    const deltaToken = url.searchParams.get('$deltatoken');
    let page: PageState;
    if (skip !== null) {
      const state = skipTokens.get(skip);
      if (!state || state.mailbox !== box.email) return respond(410, graphError('syncStateNotFound', 'The sync state generation is not found.'));
      page = state;
    } else if (deltaToken !== null) {
      const state = deltaTokens.get(deltaToken);
      if (!state || state.mailbox !== box.email) return respond(410, graphError('syncStateNotFound', 'The sync state generation is not found.'));
      page = { ...state, upTo: box.version, offset: 0, pageSize };
    } else {
      const from = url.searchParams.get('startDateTime');
      const to = url.searchParams.get('endDateTime');
      if (!from || !to || Number.isNaN(Date.parse(from)) || Number.isNaN(Date.parse(to))) {
        return respond(400, graphError('ErrorInvalidParameter', 'This request requires a time window specified by the query string parameters StartDateTime and EndDateTime.'));
      }
      page = { mailbox: box.email, from: new Date(from).toISOString(), to: new Date(to).toISOString(), since: 0, upTo: box.version, offset: 0, pageSize };
    }
    const items = changesOf(box, page, zone);
    const slice = items.slice(page.offset, page.offset + page.pageSize);
    const result: Record<string, unknown> = { '@odata.context': `${base}/v1.0/$metadata#Collection(event)`, value: slice };
    if (page.offset + page.pageSize < items.length) {
      const next = randomBytes(16).toString('hex');
      skipTokens.set(next, { ...page, offset: page.offset + page.pageSize });
      result['@odata.nextLink'] = `${base}/v1.0/me/calendarView/delta?$skiptoken=${next}`;
    } else {
      const next = randomBytes(16).toString('hex');
      deltaTokens.set(next, { mailbox: box.email, from: page.from, to: page.to, since: page.upTo });
      result['@odata.deltaLink'] = `${base}/v1.0/me/calendarView/delta?$deltatoken=${next}`;
    }
    respond(200, result);
  }

  /** What changed in (since, upTo], in the window; a first listing (since 0) has no removals. */
  function changesOf(box: Mailbox, page: PageState, zone: string): unknown[] {
    const inWindow = (e: GraphEvent) => Date.parse(e.start.dateTime + 'Z') < Date.parse(page.to) && Date.parse(e.end.dateTime + 'Z') > Date.parse(page.from);
    const changed = [...box.events.values()]
      .filter((e) => e.version > page.since && e.version <= page.upTo && inWindow(e.event) && e.event.type !== 'seriesMaster')
      .sort((a, b) => a.version - b.version)
      // Delta queries do not expand extended properties: what Rapport sees there is the category.
      .map((e) => ({ ...inZone(e.event, zone), singleValueExtendedProperties: undefined }));
    const removed =
      page.since === 0 ? [] : [...box.removed.entries()].filter(([, v]) => v > page.since && v <= page.upTo).map(([id]) => ({ id, '@removed': { reason: 'deleted' } }));
    return [...changed, ...removed];
  }

  function schedule(box: Mailbox, input: Record<string, unknown>, zone: string, respond: (status: number, payload: unknown) => void) {
    const schedules = (input.schedules ?? []) as string[];
    const start = toUtc(input.startTime as GraphDateTime);
    const end = toUtc(input.endTime as GraphDateTime);
    if (schedules.length === 0 || schedules.length > 20) return respond(400, graphError('ErrorInvalidParameter', 'Between 1 and 20 schedules can be requested.'));
    const from = Date.parse(start.dateTime + 'Z');
    const to = Date.parse(end.dateTime + 'Z');
    if (!(to > from) || to - from >= 62 * DAY_MS) return respond(400, graphError('ErrorInvalidTimeInterval', 'The requested time duration must be less than 62 days.'));
    const value = schedules.map((scheduleId) => {
      const owner = mailboxes.get(scheduleId.toLowerCase());
      if (!owner) return { scheduleId, error: { message: 'The user was not found.', responseCode: 'ErrorMailboxNotFound' } };
      const items = [...owner.events.values()]
        .map((e) => e.event)
        .filter((e) => !e.isCancelled && e.showAs !== 'free' && e.type !== 'seriesMaster')
        .filter((e) => Date.parse(e.start.dateTime + 'Z') < to && Date.parse(e.end.dateTime + 'Z') > from)
        .map((e) => ({ isPrivate: false, status: e.showAs ?? 'busy', subject: e.subject, start: inZone(e, zone).start, end: inZone(e, zone).end }));
      return { scheduleId, availabilityView: '', scheduleItems: items, workingHours: {} };
    });
    void box;
    respond(200, { '@odata.context': `${base}/v1.0/$metadata#Collection(microsoft.graph.scheduleInformation)`, value });
  }

  async function subscribe(box: Mailbox, input: Record<string, unknown>, respond: (status: number, payload: unknown) => void) {
    const notificationUrl = String(input.notificationUrl ?? '');
    const expiration = String(input.expirationDateTime ?? '');
    const problem = expirationProblem(expiration);
    if (problem) return respond(400, graphError('ExtensionError', problem));
    if (!notificationUrl.startsWith('https://') && !notificationUrl.startsWith('http://127.0.0.1') && !notificationUrl.startsWith('http://localhost')) {
      return respond(400, graphError('ExtensionError', 'Subscription validation request failed. Notification endpoint must use https.'));
    }
    // The validation handshake: the endpoint must echo the token as text/plain within 10 s.
    for (const target of [notificationUrl, input.lifecycleNotificationUrl].filter((u): u is string => typeof u === 'string' && u.length > 0)) {
      const validationToken = `Validation: Testing client application reachability for subscription Request-Id: ${randomUUID()}`;
      const echoed = await fetch(`${target}${target.includes('?') ? '&' : '?'}validationToken=${encodeURIComponent(validationToken)}`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain; charset=utf-8' },
        signal: AbortSignal.timeout(10_000),
      }).catch(() => null);
      const text = echoed ? await echoed.text() : '';
      const type = echoed?.headers.get('content-type') ?? '';
      if (!echoed || echoed.status !== 200 || text !== validationToken || !type.startsWith('text/plain')) {
        return respond(400, graphError('ValidationError', `Subscription validation request failed. Response must exactly match validationToken query parameter.`));
      }
    }
    const subscription: Subscription = {
      id: randomUUID(),
      mailbox: box.email,
      resource: String(input.resource ?? ''),
      changeType: String(input.changeType ?? ''),
      notificationUrl,
      ...(typeof input.lifecycleNotificationUrl === 'string' ? { lifecycleNotificationUrl: input.lifecycleNotificationUrl } : {}),
      ...(typeof input.clientState === 'string' ? { clientState: input.clientState } : {}),
      expirationDateTime: expiration,
    };
    subscriptions.set(subscription.id, subscription);
    respond(201, subscriptionJson(subscription));
  }

  function subscriptionJson(s: Subscription) {
    return {
      '@odata.context': `${base}/v1.0/$metadata#subscriptions/$entity`,
      id: s.id,
      resource: s.resource,
      applicationId: options.clientId,
      changeType: s.changeType,
      clientState: s.clientState ?? null,
      notificationUrl: s.notificationUrl,
      lifecycleNotificationUrl: s.lifecycleNotificationUrl ?? null,
      expirationDateTime: s.expirationDateTime,
      creatorId: s.mailbox,
    };
  }

  function expirationProblem(expiration: string): string | undefined {
    const at = Date.parse(expiration);
    if (Number.isNaN(at)) return 'expirationDateTime is invalid.';
    if (at - Date.now() > MAX_SUBSCRIPTION_MINUTES * 60_000) return `Subscription expiration can only be ${MAX_SUBSCRIPTION_MINUTES} minutes in the future.`;
    return undefined;
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `https://localhost:${(server.address() as AddressInfo).port}`;

  return {
    url: base,
    graphRoot: `${base}/v1.0`,
    requests,
    subscriptions,
    addMailbox,
    signInAs(email) {
      addMailbox(email);
      signInEmail = email.toLowerCase();
    },
    putEvent,
    deleteEvent,
    events: (email) => [...mailboxOf(email).events.values()].map((e) => structuredClone(e.event)),
    expireDeltaTokens(email) {
      for (const [token, state] of deltaTokens) if (state.mailbox === email.toLowerCase()) deltaTokens.delete(token);
      for (const [token, state] of skipTokens) if (state.mailbox === email.toLowerCase()) skipTokens.delete(token);
    },
    revokeGrants(email) {
      for (const [token, owner] of refreshTokens) if (owner === email.toLowerCase()) refreshTokens.delete(token);
      for (const [token, session] of accessTokens) if (session.mailbox === email.toLowerCase()) accessTokens.delete(token);
    },
    setTokenLifetime(seconds) {
      tokenLifetime = seconds;
    },
    fault(fault) {
      faults.push({ ...fault });
    },
    maxInFlight: (email) => mailboxOf(email).maxInFlight,
    graphRequests: (match) => requests.filter((r) => r.path.startsWith('/v1.0/') && (!match || match.test(`${r.method} ${r.path}`))),
    async notify(email, notifyOptions = {}) {
      const statuses: number[] = [];
      for (const s of subscriptions.values()) {
        if (s.mailbox !== email.toLowerCase()) continue;
        const lifecycle = notifyOptions.lifecycleEvent;
        const target = lifecycle ? s.lifecycleNotificationUrl : s.notificationUrl;
        if (!target) continue;
        const notification = {
          subscriptionId: s.id,
          subscriptionExpirationDateTime: s.expirationDateTime,
          clientState: notifyOptions.clientState ?? s.clientState ?? null,
          tenantId,
          ...(lifecycle
            ? { lifecycleEvent: lifecycle, resource: s.resource, resourceData: null }
            : {
                changeType: 'updated',
                resource: `Users/${s.mailbox}/Events/AAMk`,
                resourceData: { '@odata.type': '#Microsoft.Graph.Event', '@odata.id': `Users/${s.mailbox}/Events/AAMk`, id: 'AAMk' },
              }),
        };
        const response = await fetch(target, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ value: [notification] }) });
        await response.text();
        statuses.push(response.status);
      }
      return statuses;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
