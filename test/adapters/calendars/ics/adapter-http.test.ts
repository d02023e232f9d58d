import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createIcsSource, FeedRequestFailed, FeedTooLarge } from '../../../../lib/adapters/calendars/ics/adapter.js';
import { CalendarUnavailable, MalformedCalendar } from '../../../../lib/core/ports/calendar.js';

const WINDOW = { from: '2026-11-01T00:00:00Z', to: '2026-12-01T00:00:00Z' };
const FEED = [
  'BEGIN:VCALENDAR',
  'BEGIN:VEVENT',
  'UID:coffee@example.com',
  'DTSTART:20261110T100000Z',
  'DTEND:20261110T110000Z',
  'SUMMARY:Coffee',
  'END:VEVENT',
  'END:VCALENDAR',
].join('\r\n');
const ETAG = '"v1"';

/** A feed server on 127.0.0.1 that answers like a calendar host would, and records what it was sent. */
function startFeedServer(requests: IncomingHttpHeaders[]): Promise<Server> {
  const server = createServer((request, response) => {
    requests.push(request.headers);
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path === '/private/s3cret-token/basic.ics') {
      if (request.headers['if-none-match'] === ETAG) return response.writeHead(304).end();
      return response.writeHead(200, { 'content-type': 'text/calendar', etag: ETAG }).end(FEED);
    }
    if (path === '/no-etag.ics') return response.writeHead(200, { 'content-type': 'text/calendar' }).end(FEED);
    // As calendar hosts publish feeds: every event stamped with the moment of this answer (DTSTAMP).
    if (path === '/stamped.ics') {
      const stamp = new Date(Date.UTC(2026, 10, 20) + requests.length * 60_000).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
      const summary = new URL(request.url ?? '/', 'http://localhost').searchParams.get('summary') ?? 'Coffee';
      const stamped = FEED.replace('UID:', `DTSTAMP:${stamp}\r\nUID:`).replace('SUMMARY:Coffee', `SUMMARY:${summary}`).replace('BEGIN:VCALENDAR', `BEGIN:VCALENDAR\r\ndtstamp;value=date-time:${stamp}`);
      return response.writeHead(200, { 'content-type': 'text/calendar' }).end(stamped);
    }
    if (path === '/big.ics') return response.writeHead(200).end('X'.repeat(10_000));
    if (path === '/login.html') return response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><p>Sign in');
    if (path === '/busy.ics') return response.writeHead(429, { 'retry-after': '120' }).end();
    if (path === '/slow.ics') return; // never answers
    return response.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found');
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe('an ICS feed over HTTP', () => {
  const requests: IncomingHttpHeaders[] = [];
  let server: Server;
  let base: string;

  beforeAll(async () => {
    server = await startFeedServer(requests);
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  beforeEach(() => {
    requests.length = 0;
  });

  it('reads a snapshot, then sends the ETag back and reports a 304 as unchanged', async () => {
    const source = createIcsSource({ source: `${base}/private/s3cret-token/basic.ics` });
    const first = await source.readChanges(null, WINDOW);
    expect(first.kind).toBe('snapshot');
    expect(first.kind === 'snapshot' && first.events.map((event) => event.title)).toEqual(['Coffee']);
    expect(requests[0]?.['if-none-match']).toBeUndefined();

    const second = await source.readChanges(first.cursor, WINDOW);
    expect(requests[1]?.['if-none-match']).toBe(ETAG);
    expect(second).toEqual({ kind: 'unchanged', cursor: first.cursor });
  });

  it('accepts webcal:// addresses as https', async () => {
    // The local server speaks plain http, so the rewritten https request fails to connect: proof
    // enough that the address was accepted and rewritten rather than refused.
    const port = (server.address() as AddressInfo).port;
    const failure = createIcsSource({ source: `webcal://127.0.0.1:${port}/basic.ics`, timeoutMs: 2_000 }).readChanges(null, WINDOW);
    await expect(failure).rejects.toThrow(/Could not reach the calendar feed at https:\/\/127\.0\.0\.1/);
  });

  it('notices unchanged bytes from a server without ETags', async () => {
    const source = createIcsSource({ source: `${base}/no-etag.ics` });
    const first = await source.readChanges(null, WINDOW);
    const second = await source.readChanges(first.cursor, WINDOW);
    expect(second.kind).toBe('unchanged');
  });

  it('reads a feed that stamps every answer with its own time as unchanged, and still sees a real change', async () => {
    const source = createIcsSource({ source: `${base}/stamped.ics` });
    const first = await source.readChanges(null, WINDOW);
    expect(first.kind).toBe('snapshot');
    const second = await source.readChanges(first.cursor, WINDOW);
    expect(second.kind).toBe('unchanged');
    const renamed = await createIcsSource({ source: `${base}/stamped.ics?summary=Lunch` }).readChanges(second.cursor, WINDOW);
    expect(renamed.kind === 'snapshot' && renamed.events.map((event) => event.title)).toEqual(['Lunch']);
  });

  it('reports a 404 as unavailable, without the secret part of the address', async () => {
    const failure = createIcsSource({ source: `${base}/private/s3cret-token/gone.ics` }).readChanges(null, WINDOW);
    await expect(failure).rejects.toBeInstanceOf(CalendarUnavailable);
    await expect(failure).rejects.toMatchObject({ name: 'FeedRequestFailed', status: 404 });
    await expect(failure).rejects.toThrow(`The calendar feed at ${base} answered HTTP 404 Not Found`);
    await failure.catch((error: Error) => expect(error.message).not.toContain('s3cret'));
  });

  it('passes on how long a rate-limited server asked us to wait', async () => {
    const failure = createIcsSource({ source: `${base}/busy.ics` }).readChanges(null, WINDOW);
    await expect(failure).rejects.toBeInstanceOf(FeedRequestFailed);
    await expect(failure).rejects.toMatchObject({ status: 429, retryAfterSeconds: 120 });
  });

  it('stops reading a feed larger than the limit', async () => {
    const failure = createIcsSource({ source: `${base}/big.ics`, maxBytes: 1_000 }).readChanges(null, WINDOW);
    await expect(failure).rejects.toBeInstanceOf(FeedTooLarge);
    await expect(failure).rejects.toThrow(`The calendar feed at ${base} is larger than the 1000 bytes limit for a calendar feed`);
  });

  it('reports a page that is not a calendar as malformed', async () => {
    const failure = createIcsSource({ source: `${base}/login.html` }).readChanges(null, WINDOW);
    await expect(failure).rejects.toBeInstanceOf(MalformedCalendar);
    await expect(failure).rejects.toMatchObject({ line: 1 });
  });

  it('gives up on a server that does not answer in time', async () => {
    const failure = createIcsSource({ source: `${base}/slow.ics`, timeoutMs: 200 }).readChanges(null, WINDOW);
    await expect(failure).rejects.toBeInstanceOf(CalendarUnavailable);
    await expect(failure).rejects.toThrow(/no answer within 200 ms/);
  });

  it('reports a refused connection as unavailable', async () => {
    const closed = await startFeedServer([]);
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const failure = createIcsSource({ source: `http://127.0.0.1:${port}/cal.ics` }).readChanges(null, WINDOW);
    await expect(failure).rejects.toBeInstanceOf(CalendarUnavailable);
    await expect(failure).rejects.toThrow(/Could not reach the calendar feed at http:\/\/127\.0\.0\.1:\d+: ECONNREFUSED/);
  });
});
