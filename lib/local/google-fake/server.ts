import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { busyOf, deleteEvent, insertEvent, listEvents, liveEvent, newFakeCalendar, putEvent, type FakeCalendar, type FakeEvent } from './calendars.js';
import { FakeGoogleError, GoogleErrors } from './errors.js';
import type { Fault, FakeGoogleOptions, FakeGoogleServer, PushChannel, RecordedRequest, SentInvitation } from './controls.js';
import { FakeOAuth, OAuthError } from './oauth.js';

/**
 * A local server that speaks the Google Calendar API v3 and Google's OAuth endpoints with
 * their real request and response shapes, so the official clients (`@googleapis/calendar`
 * with `rootUrl`, `google-auth-library` with `endpoints`) run unmodified against it. It counts
 * requests and injects faults (429 with Retry-After, 503, slow answers) for tests, and serves
 * `npm start` with RAPPORT_GOOGLE_FAKE=1.
 */

export type { FakeGoogleOptions, FakeGoogleServer, Fault, PushChannel, RecordedRequest, SentInvitation } from './controls.js';

const API_PREFIX = '/calendar/v3';

export async function startFakeGoogle(options: FakeGoogleOptions): Promise<FakeGoogleServer> {
  const now = options.now ?? (() => new Date().toISOString());
  const oauth = new FakeOAuth(options.client);
  const calendars = new Map<string, FakeCalendar>();
  const accounts = new Map<string, string[]>();
  const faults: Fault[] = [];
  const requests: RecordedRequest[] = [];
  const invitations: SentInvitation[] = [];
  const channels = new Map<string, PushChannel>();
  const newId = () => randomBytes(13).toString('hex');
  let messageNumber = 0;

  const calendarFor = (account: string, id: string): FakeCalendar => {
    const calendar = calendars.get(id === 'primary' ? account : id);
    if (!calendar) throw GoogleErrors.notFound();
    return calendar;
  };

  const api = async (account: string, method: string, path: string, query: URLSearchParams, body: unknown): Promise<{ status: number; json?: unknown }> => {
    const parts = path.slice(API_PREFIX.length).split('/').filter(Boolean).map(decodeURIComponent);
    const q = Object.fromEntries(query.entries());
    if (parts[0] === 'freeBusy' && method === 'POST') return { status: 200, json: freeBusy(account, body as FreeBusyRequest) };
    if (parts[0] === 'channels' && parts[1] === 'stop' && method === 'POST') {
      const { id, resourceId } = body as { id?: string; resourceId?: string };
      const channel = id ? channels.get(id) : undefined;
      if (!channel || channel.resourceId !== resourceId) throw GoogleErrors.notFound();
      channels.delete(channel.id);
      return { status: 204 };
    }
    if (parts[0] === 'users' && parts[1] === 'me' && parts[2] === 'calendarList' && method === 'GET') {
      const items = (accounts.get(account) ?? []).map((id) => calendars.get(id)!).map((c) => ({
        kind: 'calendar#calendarListEntry',
        id: c.id,
        summary: c.summary,
        accessRole: 'owner',
        ...(c.primary ? { primary: true } : {}),
      }));
      return { status: 200, json: { kind: 'calendar#calendarList', items } };
    }
    if (parts[0] !== 'calendars' || parts[2] !== 'events') throw GoogleErrors.notFound();
    const calendar = calendarFor(account, parts[1]!);
    const eventId = parts[3];
    if (eventId === 'watch' && method === 'POST') return { status: 200, json: watch(calendar, body as WatchRequest) };
    if (!eventId) {
      if (method === 'GET') return { status: 200, json: listEvents(calendar, q) };
      if (method === 'POST') {
        const created = insertEvent(calendar, body as Partial<FakeEvent>, now(), newId, Number(query.get('conferenceDataVersion') ?? 0));
        invitations.push({ calendarId: calendar.id, eventId: created.id, sendUpdates: query.get('sendUpdates'), method });
        return { status: 200, json: created };
      }
    } else {
      switch (method) {
        case 'GET': {
          // A deleted event is still readable, with status "cancelled".
          const stored = calendar.events.get(eventId);
          if (!stored) throw GoogleErrors.notFound();
          return { status: 200, json: stored.event };
        }
        case 'PATCH':
        case 'PUT': {
          const current = liveEvent(calendar, eventId);
          const next = method === 'PATCH' ? { ...current, ...(body as object), id: eventId } : { ...(body as FakeEvent), id: eventId, iCalUID: current.iCalUID };
          invitations.push({ calendarId: calendar.id, eventId, sendUpdates: query.get('sendUpdates'), method });
          return { status: 200, json: putEvent(calendar, next, now()) };
        }
        case 'DELETE':
          deleteEvent(calendar, eventId, now());
          invitations.push({ calendarId: calendar.id, eventId, sendUpdates: query.get('sendUpdates'), method });
          return { status: 204 };
      }
    }
    throw GoogleErrors.notFound();
  };

  interface FreeBusyRequest {
    timeMin?: string;
    timeMax?: string;
    items?: { id: string }[];
  }
  const freeBusy = (account: string, request: FreeBusyRequest) => {
    const fromMs = Date.parse(request.timeMin ?? '');
    const toMs = Date.parse(request.timeMax ?? '');
    if (Number.isNaN(fromMs) || Number.isNaN(toMs)) throw GoogleErrors.badRequest('Missing timeMin or timeMax.');
    const items = request.items ?? [];
    if (items.length > 50) throw GoogleErrors.invalid('Too many calendars requested: at most 50.');
    if (toMs - fromMs > 90 * 86_400_000) throw new FakeGoogleError(400, 'timeRangeTooLong', 'The requested time range is too long.');
    const result: Record<string, unknown> = {};
    for (const { id } of items) {
      const calendar = calendars.get(id === 'primary' ? account : id);
      result[id] = calendar ? { busy: busyOf(calendar, fromMs, toMs) } : { errors: [{ domain: 'global', reason: 'notFound' }], busy: [] };
    }
    return { kind: 'calendar#freeBusy', timeMin: request.timeMin, timeMax: request.timeMax, calendars: result };
  };

  interface WatchRequest {
    id?: string;
    type?: string;
    address?: string;
    token?: string;
    expiration?: string | number;
  }
  const watch = (calendar: FakeCalendar, request: WatchRequest) => {
    if (!request.id || !request.address || request.type !== 'web_hook') throw GoogleErrors.badRequest('A channel needs an id, type web_hook and an address.');
    if (channels.has(request.id)) throw new FakeGoogleError(400, 'channelIdNotUnique', `Channel id ${request.id} not unique`);
    // Google caps event channels at about a week; a shorter requested expiration is honoured.
    const week = Date.parse(now()) + 7 * 86_400_000;
    const expiration = String(Math.min(request.expiration ? Number(request.expiration) : week, week));
    const channel: PushChannel = {
      id: request.id,
      resourceId: newId(),
      calendarId: calendar.id,
      address: request.address,
      expiration,
      ...(request.token ? { token: request.token } : {}),
    };
    channels.set(channel.id, channel);
    return { kind: 'api#channel', id: channel.id, resourceId: channel.resourceId, resourceUri: `${url}${API_PREFIX}/calendars/${encodeURIComponent(calendar.id)}/events`, token: channel.token, expiration };
  };

  const takeFault = (method: string, path: string): Fault | undefined => {
    const index = faults.findIndex((f) => (!f.method || f.method === method) && (!f.path || f.path.test(path)));
    if (index < 0) return undefined;
    const fault = faults[index]!;
    fault.times = (fault.times ?? 1) - 1;
    if (fault.times <= 0) faults.splice(index, 1);
    return fault;
  };

  const server = createServer(async (req, res) => {
    try {
      const method = (req.method ?? 'GET').toUpperCase();
      const requestUrl = new URL(req.url ?? '/', 'http://localhost');
      const raw = await readBody(req);
      const path = requestUrl.pathname;
      const fault = takeFault(method, path);
      if (fault?.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
      if (fault?.status) {
        if (fault.afterApplying && path.startsWith(API_PREFIX)) {
          const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
          const account = bearer ? oauth.accountOf(bearer) : undefined;
          if (account) await api(account, method, path, requestUrl.searchParams, raw ? (JSON.parse(raw) as unknown) : undefined).catch(() => undefined);
        }
        const error = new FakeGoogleError(fault.status, fault.reason ?? (fault.status === 429 ? 'rateLimitExceeded' : 'backendError'), fault.status === 429 ? 'Rate Limit Exceeded' : 'Backend Error', fault.retryAfter !== undefined ? { 'Retry-After': String(fault.retryAfter) } : {});
        if (path.startsWith(API_PREFIX)) requests.push({ method, path, query: requestUrl.searchParams, body: undefined });
        // The token endpoint answers in OAuth's shape: `{ error: "invalid_grant", error_description }`.
        if (path === '/token') return sendJson(res, error.code, { error: fault.reason ?? 'server_error', error_description: error.message }, error.headers);
        return sendJson(res, error.code, error.body(), error.headers);
      }

      if (path === '/o/oauth2/v2/auth' && method === 'GET') {
        const hint = requestUrl.searchParams.get('login_hint');
        const account = hint && accounts.has(hint) ? hint : (options.consentAccount ?? [...accounts.keys()][0] ?? 'nobody@example.com');
        res.writeHead(302, { location: oauth.authorize(requestUrl.searchParams, account) }).end();
        return;
      }
      if (path === '/token' && method === 'POST') return sendJson(res, 200, oauth.exchange(new URLSearchParams(raw)));

      if (!path.startsWith(API_PREFIX)) throw GoogleErrors.notFound();
      const body = raw ? (JSON.parse(raw) as unknown) : undefined;
      requests.push({ method, path, query: requestUrl.searchParams, body });
      const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      const account = bearer ? oauth.accountOf(bearer) : undefined;
      if (!account) throw GoogleErrors.unauthenticated();
      const answer = await api(account, method, path, requestUrl.searchParams, body);
      if (answer.status === 204) res.writeHead(204).end();
      else sendJson(res, answer.status, answer.json);
    } catch (error) {
      if (error instanceof FakeGoogleError) return sendJson(res, error.code, error.body(), error.headers);
      if (error instanceof OAuthError) return sendJson(res, error.status, error.body());
      sendJson(res, 500, new FakeGoogleError(500, 'backendError', String(error)).body());
    }
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const addCalendar = (id: string, summary: string, primary: boolean) => {
    const calendar = calendars.get(id) ?? newFakeCalendar(id, summary, primary);
    calendars.set(id, calendar);
    return calendar;
  };

  const calendarById = (id: string) => {
    const calendar = calendars.get(id);
    if (!calendar) throw new Error(`no fake calendar ${id}`);
    return calendar;
  };

  return {
    url,
    apiRoot: `${url}/`,
    authUrl: `${url}/o/oauth2/v2/auth`,
    tokenUrl: `${url}/token`,
    oauth,
    requests,
    invitations,
    channels,
    addAccount(email, extraCalendars = []) {
      addCalendar(email, email, true);
      for (const extra of extraCalendars) addCalendar(extra.id, extra.summary, false);
      accounts.set(email, [...new Set([...(accounts.get(email) ?? []), email, ...extraCalendars.map((c) => c.id)])]);
      return oauth.grant(email);
    },
    calendar: calendarById,
    putEvent(calendarId, event) {
      return putEvent(calendarById(calendarId), event, now());
    },
    deleteEvent(calendarId, eventId) {
      deleteEvent(calendarById(calendarId), eventId, now());
    },
    expireSyncTokens(calendarId) {
      calendarById(calendarId).generation += 1;
    },
    inject(fault) {
      faults.push({ ...fault });
    },
    clearFaults() {
      faults.length = 0;
    },
    async notify(calendarId, state, notifyOptions = {}) {
      const statuses: number[] = [];
      for (const channel of channels.values()) {
        if (channel.calendarId !== calendarId) continue;
        const address = new URL(channel.address);
        const target = notifyOptions.deliverTo ? new URL(address.pathname + address.search, notifyOptions.deliverTo) : address;
        messageNumber += 1;
        const response = await fetch(target, {
          method: 'POST',
          headers: {
            'X-Goog-Channel-ID': channel.id,
            ...((notifyOptions.token ?? channel.token) ? { 'X-Goog-Channel-Token': notifyOptions.token ?? channel.token! } : {}),
            'X-Goog-Channel-Expiration': new Date(Number(channel.expiration)).toUTCString(),
            'X-Goog-Resource-ID': channel.resourceId,
            'X-Goog-Resource-URI': `${url}${API_PREFIX}/calendars/${encodeURIComponent(calendarId)}/events?alt=json`,
            'X-Goog-Resource-State': state,
            'X-Goog-Message-Number': String(messageNumber),
          },
        });
        statuses.push(response.status);
      }
      return statuses;
    },
    count(method, path) {
      return requests.filter((r) => r.method === method && path.test(r.path)).length;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', ...headers }).end(JSON.stringify(body));
}
