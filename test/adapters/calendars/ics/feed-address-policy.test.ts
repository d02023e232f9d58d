import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeedAddressRefused } from '../../../../lib/adapters/calendars/ics/address-guard.js';
import { openCalendarSource } from '../../../../lib/adapters/calendars/sources.js';
import type { Connection } from '../../../../lib/core/ports/connections.js';
import type { Store } from '../../../../lib/core/ports/store.js';
import { parseConfig } from '../../../../lib/runtime/config.js';
import { TEST_SETTINGS } from '../../../support/app-server.js';

const FEED = 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nEND:VCALENDAR\r\n';
const WINDOW = { from: '2026-11-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z' };

describe('a feed URL a person entered reaches only the public internet', () => {
  let server: Server;
  let requests = 0;
  let url: string;
  beforeAll(async () => {
    server = createServer((_request, response) => {
      requests++;
      response.writeHead(200, { 'content-type': 'text/calendar' }).end(FEED);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/feed.ics`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const connection = (source: string): Connection => ({ id: 'feed', kind: 'ics', label: 'feed', source, cursor: null, status: 'ok', createdAt: WINDOW.from });
  const open = (source: string, env: Record<string, string>) =>
    openCalendarSource(connection(source), TEST_SETTINGS, { store: {} as Store, userId: 'u', now: () => WINDOW.from, config: parseConfig(env) });

  it('by default, loopback, metadata and private addresses are refused before any request is sent', async () => {
    for (const source of [url, 'http://169.254.169.254/latest/meta-data/', 'http://10.0.0.5/cal.ics', 'webcal://[::1]/cal.ics', 'http://localhost:1/cal.ics']) {
      const source$ = await open(source, {});
      await expect(source$.readChanges(null, WINDOW), source).rejects.toBeInstanceOf(FeedAddressRefused);
    }
    expect(requests).toBe(0);
  });

  it('RAPPORT_ALLOW_PRIVATE_FEEDS=1 lets a feed on the user’s own network through', async () => {
    const source = await open(url, { RAPPORT_ALLOW_PRIVATE_FEEDS: '1' });
    expect((await source.readChanges(null, WINDOW)).kind).toBe('snapshot');
    expect(requests).toBe(1);
  });
});
