import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseIcsEvents } from '../../../lib/adapters/calendars/ics/events.js';
import { feedTokenFor } from '../../../lib/adapters/calendars/rapport/feed-token.js';
import type { OwnCalendarEvent } from '../../../lib/core/domain/own-calendar-event.js';
import { startTestApp, TEST_SETTINGS, type TestApp } from '../../support/app-server.js';
import { uniqueUserId } from '../../support/dynamo.js';

const NOW = '2027-03-02T10:00:00.000Z';
const WINDOW = { from: '2027-03-01T00:00:00Z', to: '2027-04-01T00:00:00Z' };

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ now: NOW });
});
afterAll(async () => app.close());

const key = () => app.runtime.config.signingKey!;
const feedUrl = (token: string) => `${app.url}/ics/${token}/suggestions.ics`;

function anEvent(overrides: Partial<OwnCalendarEvent> & Pick<OwnCalendarEvent, 'id' | 'kind'>): OwnCalendarEvent {
  return {
    proposalId: 'p1',
    start: '2027-03-09T08:30:00.000Z',
    end: '2027-03-09T09:00:00.000Z',
    title: 'Coffee with <script>alert(1)</script>? (suggested by Rapport)',
    status: overrides.kind === 'hold' ? 'tentative' : 'confirmed',
    organizer: { email: 'alex@northwind.example' },
    attendees: [],
    sequence: 0,
    updatedAt: NOW,
    ...overrides,
  };
}

/** A user with a profile and, on Rapport's calendar, a hold, a coffee and a cancelled coffee. */
async function userWithCalendar(feedGeneration?: number): Promise<string> {
  const userId = uniqueUserId();
  await app.runtime.store.profiles.put(userId, { ...TEST_SETTINGS, ...(feedGeneration !== undefined ? { feedGeneration } : {}) });
  const calendar = app.runtime.store.localCalendar;
  await calendar.create(userId, anEvent({ id: 'hold1', kind: 'hold', description: 'Booking link to send: https://rapport.example/book/abc' }));
  await calendar.create(
    userId,
    anEvent({
      id: 'coffee1',
      kind: 'coffee',
      start: '2027-03-11T08:30:00.000Z',
      end: '2027-03-11T09:00:00.000Z',
      title: 'Coffee: Ana and Alex',
      attendees: [{ email: 'alex@northwind.example' }, { email: 'ana@example.com', name: 'Ana' }],
    }),
  );
  await calendar.create(userId, anEvent({ id: 'gone1', kind: 'coffee', status: 'cancelled', title: 'Cancelled coffee' }));
  return userId;
}

describe('the suggestions feed over HTTP', () => {
  test("serves the user's holds (with their notes) and coffees as a private, cacheable PUBLISH calendar", async () => {
    const userId = await userWithCalendar();
    const response = await fetch(feedUrl(feedTokenFor(key(), userId, 0)));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('private, max-age=300');
    const text = await response.text();
    expect(text).toContain('\r\nMETHOD:PUBLISH\r\n');
    expect(text).toContain('Booking link to send: https://rapport.example/book/abc');
    expect(text).not.toContain('Cancelled coffee');
    const events = parseIcsEvents(text, WINDOW);
    expect(events.map((e) => [e.uid, e.status, e.rapportHold?.proposalId])).toEqual([
      ['hold1@rapport', 'tentative', 'p1'],
      ['coffee1@rapport', 'confirmed', undefined],
    ]);
    expect(events[0]?.title).toBe('Coffee with <script>alert(1)</script>? (suggested by Rapport)');
  });

  test('a revoked generation answers 404 while the current one works', async () => {
    const userId = await userWithCalendar(2);
    const old = await fetch(feedUrl(feedTokenFor(key(), userId, 1)));
    expect(old.status).toBe(404);
    expect(await old.text()).toContain('no calendar feed at this address');
    expect((await fetch(feedUrl(feedTokenFor(key(), userId, 2)))).status).toBe(200);
  });

  test('a forged signature, an unknown user or a malformed address answers 404, never 500', async () => {
    const userId = await userWithCalendar();
    const genuine = feedTokenFor(key(), userId, 0);
    const [user, generation, signature] = genuine.split('.') as [string, string, string];
    const forged = `${user}.${generation}.${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`;
    const urls = [
      feedUrl(forged),
      feedUrl(feedTokenFor(Buffer.alloc(32, 7), userId, 0)),
      feedUrl(feedTokenFor(key(), uniqueUserId(), 0)),
      feedUrl('not-a-token'),
      `${app.url}/ics/${genuine}/other.ics`,
      `${app.url}/ics/${genuine}`,
    ];
    for (const url of urls) {
      const response = await fetch(url);
      expect({ url, status: response.status }).toEqual({ url, status: 404 });
      expect(await response.text()).not.toContain('BEGIN:VCALENDAR');
    }
  });
});
