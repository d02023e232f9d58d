import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFeed } from '../../../../lib/adapters/calendars/ics/fetch.js';
import { CalendarUnavailable } from '../../../../lib/core/ports/calendar.js';

const FEED = 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n';

/** Redirects /moved → /feed.ics, /to-private → /private.ics, /loop → /loop, /to-file → file:. */
function startServer(): Promise<Server> {
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path === '/moved') return response.writeHead(301, { location: '/feed.ics' }).end();
    if (path === '/to-private') return response.writeHead(302, { location: '/private.ics' }).end();
    if (path === '/loop') return response.writeHead(302, { location: '/loop' }).end();
    if (path === '/to-file') return response.writeHead(302, { location: 'file:///etc/passwd' }).end();
    if (path === '/feed.ics' || path === '/private.ics') return response.writeHead(200, { 'content-type': 'text/calendar' }).end(FEED);
    return response.writeHead(404).end();
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe('a feed that redirects', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = await startServer();
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const read = (path: string, checkUrl?: (url: URL) => Promise<void>) =>
    readFeed({ kind: 'http', url: new URL(path, base) }, undefined, { fetchImpl: fetch, maxBytes: 10_000, timeoutMs: 5_000, ...(checkUrl ? { checkUrl } : {}) });

  it('is followed, and every hop is checked before it is requested', async () => {
    const checked: string[] = [];
    const result = await read('/moved', async (url) => void checked.push(url.pathname));
    expect(result.kind).toBe('content');
    expect(checked).toEqual(['/moved', '/feed.ics']);
  });

  it('to an address the check refuses is not requested: the refusal is the answer', async () => {
    const refuse = async (url: URL) => {
      if (url.pathname === '/private.ics') throw new CalendarUnavailable('refused: private');
    };
    await expect(read('/to-private', refuse)).rejects.toThrow('refused: private');
  });

  it('in a loop, or to a non-http scheme, ends with a clear error', async () => {
    await expect(read('/loop')).rejects.toThrow(/redirected more than 5 times/);
    await expect(read('/to-file')).rejects.toThrow(/redirected to a file: address/);
  });
});
