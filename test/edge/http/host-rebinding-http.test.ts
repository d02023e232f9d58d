import { request } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HTTP_ROUTES } from '../../../lib/edge/http/routes.js';
import { startTestApp, type TestApp } from '../../support/app-server.js';

/** Sends one request with exactly the Host given (fetch would not let us choose it). */
function send(base: URL, method: string, path: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: base.hostname, port: base.port, method, path, agent: false, headers: { host, 'content-type': 'application/json' } }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk) => (body += chunk)).on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(method === 'GET' || method === 'HEAD' ? undefined : '{}');
  });
}

/** A raw request, for what no HTTP client sends on purpose (two Host headers). */
function sendRaw(base: URL, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(Number(base.port), base.hostname, () => socket.end(text));
    let answer = '';
    socket.setEncoding('utf8').on('data', (chunk) => (answer += chunk)).on('end', () => resolve(answer)).on('error', reject);
  });
}

/** Every route of the table, with its parameters filled in. */
const probes = HTTP_ROUTES.flatMap(({ routeKey }) => {
  const [method, path] = routeKey.split(' ') as [string, string];
  const concrete = path.replace('{proxy+}', 'contacts/jane%40example.com');
  return (method === 'ANY' ? ['GET', 'POST', 'PATCH', 'DELETE'] : [method]).map((m) => ({ method: m, path: concrete }));
});

describe('the local server answers only to its own name (DNS rebinding)', () => {
  let app: TestApp;
  let base: URL;
  beforeAll(async () => {
    app = await startTestApp({ now: '2026-11-23T12:00:00.000Z', contacts: [{ email: 'jane@example.com', name: 'Jane', tier: 'close', lastMetAt: '2026-11-01T09:00:00.000Z', firstMetAt: '2026-11-01T09:00:00.000Z', nextDueAt: '2026-12-01T09:00:00.000Z', ignored: false }] });
    base = new URL(app.url);
  });
  afterAll(() => app?.close());

  it('every route, with a foreign Host, is refused with 421 before it runs, and shows no data', async () => {
    expect(probes.length).toBeGreaterThan(20);
    for (const { method, path } of probes) {
      const answer = await send(base, method, path, `evil.example:${base.port}`);
      expect(answer.status, `${method} ${path}`).toBe(421);
      expect(answer.body).not.toMatch(/jane/i);
    }
    expect((await app.runtime.store.contacts.get(app.userId, 'jane@example.com'))?.tier).toBe('close');
  });

  it('the data is still there for the names it is reached under on this machine', async () => {
    for (const host of [`localhost:${base.port}`, `127.0.0.1:${base.port}`, `[::1]:${base.port}`]) {
      const answer = await send(base, 'GET', '/api/export', host);
      expect(answer.status, host).toBe(200);
      expect(answer.body).toContain('jane@example.com');
    }
  });

  it('two Host headers, or none, are a 400', async () => {
    const two = await sendRaw(base, `GET /api/export HTTP/1.1\r\nHost: 127.0.0.1:${base.port}\r\nHost: evil.example\r\nConnection: close\r\n\r\n`);
    expect(two).toMatch(/^HTTP\/1\.1 400/);
    expect(two).not.toContain('jane@example.com');
    const none = await sendRaw(base, 'GET /api/export HTTP/1.0\r\nConnection: close\r\n\r\n');
    expect(none).toMatch(/^HTTP\/1\.[01] 400/);
  });
});
