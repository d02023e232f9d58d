import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Mailbox } from './mailboxes.js';

/**
 * Microsoft Graph's wire format as the local server (server.ts) speaks it: event and time
 * shapes, error bodies, `Prefer` headers and the zone conversions Graph does for callers.
 */

/** Graph answers this many items per delta page unless `Prefer: odata.maxpagesize` asks otherwise. */
export const DEFAULT_PAGE_SIZE = 10;
export const MAX_PAGE_SIZE = 1000;

export interface GraphDateTime {
  dateTime: string;
  timeZone: string;
}

/** An event as Graph returns it (the fields Rapport reads, plus anything a test adds). */
export interface GraphEvent {
  id: string;
  iCalUId: string;
  subject?: string;
  start: GraphDateTime;
  end: GraphDateTime;
  isAllDay?: boolean;
  isCancelled?: boolean;
  showAs?: 'free' | 'tentative' | 'busy' | 'oof' | 'workingElsewhere' | 'unknown';
  type?: 'singleInstance' | 'occurrence' | 'exception' | 'seriesMaster';
  seriesMasterId?: string;
  originalStart?: string;
  responseStatus?: { response: string; time?: string };
  organizer?: { emailAddress: { address: string; name?: string } };
  attendees?: { type: 'required' | 'optional' | 'resource'; status?: { response: string }; emailAddress: { address: string; name?: string } }[];
  categories?: string[];
  transactionId?: string;
  singleValueExtendedProperties?: { id: string; value: string }[];
  [field: string]: unknown;
}

/** A Graph request as the routes see it: whose mailbox, what was asked, and the `Prefer` choices. */
export interface GraphCall {
  box: Mailbox;
  method: string;
  /** Without the version prefix: `/me/events`. */
  path: string;
  url: URL;
  body: string;
  /** `Prefer: outlook.timezone`, UTC by default. */
  zone: string;
  pageSize: number;
}

/** The JSON body of a POST or PATCH. */
export const bodyOf = (call: GraphCall) => (call.body ? (JSON.parse(call.body) as Record<string, unknown>) : {});

/** Graph's error body: `{ error: { code, message, innerError } }`. */
export function graphError(code: string, message: string) {
  return { error: { code, message, innerError: { date: new Date().toISOString(), 'request-id': randomUUID(), 'client-request-id': randomUUID() } } };
}

/** The identity platform's OAuth error body. */
export function oauthError(error: string, description: string) {
  return {
    error,
    error_description: `${description}\r\nTrace ID: ${randomUUID()}\r\nCorrelation ID: ${randomUUID()}\r\nTimestamp: ${new Date().toISOString()}`,
    error_codes: [Number(/AADSTS(\d+)/.exec(description)?.[1] ?? 0)],
    timestamp: new Date().toISOString(),
    trace_id: randomUUID(),
    correlation_id: randomUUID(),
    ...(error === 'invalid_grant' ? { suberror: 'bad_token' } : {}),
  };
}

/** What a route answers: a JSON body, or a text body whose content type is in `headers`. */
export interface Reply {
  status: number;
  json?: unknown;
  text?: string;
  headers?: Record<string, string>;
}

export const jsonReply = (status: number, json: unknown, headers: Record<string, string> = {}): Reply => ({ status, json, headers });

export function send(res: ServerResponse, reply: Reply): void {
  const headers = reply.headers ?? {};
  if (reply.text !== undefined) {
    res.writeHead(reply.status, headers).end(reply.text);
    return;
  }
  if (reply.status === 204 || reply.json === undefined) {
    res.writeHead(reply.status, headers).end();
    return;
  }
  res.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8', ...headers }).end(JSON.stringify(reply.json));
}

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function preferredZone(prefer: string | undefined): string {
  return /outlook\.timezone="([^"]+)"/.exec(prefer ?? '')?.[1] ?? 'UTC';
}

export function preferredPageSize(prefer: string | undefined): number {
  const size = Number(/odata\.maxpagesize=(\d+)/.exec(prefer ?? '')?.[1] ?? DEFAULT_PAGE_SIZE);
  return Math.min(Math.max(size, 1), MAX_PAGE_SIZE);
}

/** Graph's seven-digit fraction, no offset: `2026-11-20T09:00:00.0000000`. */
export function graphTime(iso: string): string {
  return new Date(iso).toISOString().replace(/\.(\d{3})Z$/, '.$10000');
}

/** Stored times are UTC; a request's time may come in a named zone (only UTC and offsets are understood here). */
export function toUtc(time: GraphDateTime): GraphDateTime {
  const zone = time.timeZone;
  if (zone === 'UTC' || zone === 'Etc/UTC' || zone === 'Coordinated Universal Time') return { dateTime: graphTime(time.dateTime.replace(/Z?$/, 'Z')), timeZone: 'UTC' };
  const local = time.dateTime.replace(/\.\d+$/, '');
  const offsetMs = zoneOffsetMs(zone, Date.parse(local + 'Z'));
  return { dateTime: graphTime(new Date(Date.parse(local + 'Z') - offsetMs).toISOString()), timeZone: 'UTC' };
}

/** Times in the zone the caller asked for (`Prefer: outlook.timezone`), IANA names only. */
export function inZone(event: GraphEvent, zone: string): GraphEvent {
  if (zone === 'UTC') return structuredClone(event);
  const shift = (t: GraphDateTime): GraphDateTime => {
    const at = Date.parse(t.dateTime + 'Z');
    const local = new Date(at + zoneOffsetMs(zone, at)).toISOString().replace(/\.(\d{3})Z$/, '.$10000');
    return { dateTime: local, timeZone: zone };
  };
  return { ...structuredClone(event), start: shift(event.start), end: shift(event.end) };
}

export function zoneOffsetMs(zone: string, at: number): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - Math.floor(at / 1000) * 1000;
}
