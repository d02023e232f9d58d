import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { Contact } from '../../../lib/core/domain/contact.js';
import type { CoffeeSettings } from '../../../lib/core/domain/coffee.js';
import type { UserSettings } from '../../../lib/core/domain/settings.js';
import type { Store } from '../../../lib/core/ports/store.js';
import { bookingDepsOf } from '../../../lib/services/deps.js';
import { proposeForUser, type ProposedCoffee } from '../../../lib/services/propose.js';
import { setRuntime } from '../../../lib/runtime/runtime.js';
import { startTestApp, TEST_SETTINGS, type TestApp } from '../../support/app-server.js';
import { calendarFolder, icsCalendar, type IcsEventSpec } from '../../services/calendar-files.js';

/**
 * A host with a busy work calendar (an ICS file) and Rapport's own calendar for holds and
 * coffees, served over real HTTP on DynamoDB Local. Proposals are made by the real proposer,
 * one due contact at a time, so each test gets its own booking link.
 */

export const NOW = '2026-11-23T12:00:00.000Z';

/** Generous windows so every proposal in a file finds times of its own. */
export const COFFEE: CoffeeSettings = {
  windows: (['mon', 'tue', 'wed', 'thu', 'fri'] as const).map((day) => ({ day, start: '08:00', end: '18:00' })),
  durationMinutes: 30,
  stepMinutes: 30,
  bufferBeforeMinutes: 0,
  bufferAfterMinutes: 0,
  minimumNoticeHours: 24,
  horizonDays: 14,
  maxPerDay: 10,
  maxPerWeek: 50,
  optionsPerProposal: 3,
  location: 'The Corner Café, 1 <High> Street & "Co"',
  linkLifetimeDays: 7,
  proposalHour: 8,
};

export const HOST_SETTINGS: UserSettings = { ...TEST_SETTINGS, coffee: COFFEE };

/** Something on the work calendar well before the proposals, so the file is a real calendar. */
const STANDUP: IcsEventSpec = {
  uid: 'standup@test',
  start: '20261120T090000Z',
  end: '20261120T091500Z',
  summary: 'Standup',
  attendees: [{ email: 'alex@northwind.example' }, { email: 'kim@northwind.example' }],
};

export interface BookingWorld {
  app: TestApp;
  /** Rewrites the host's work calendar (e.g. a new meeting that makes an offered time busy). */
  setWorkEvents(events: IcsEventSpec[]): void;
  /** A new due contact and a proposal for them; `link` points at the test server. */
  propose(email: string, name?: string): Promise<ProposedCoffee & { token: string }>;
  /** Runs `fn` with the server's clock at `now`. */
  at<T>(now: string, fn: () => Promise<T>): Promise<T>;
}

export function dueContact(email: string, name?: string): Contact {
  return {
    email,
    ...(name ? { name } : {}),
    tier: 'close',
    firstMetAt: '2026-06-01T09:00:00.000Z',
    lastMetAt: '2026-06-01T09:00:00.000Z',
    nextDueAt: '2026-07-01T09:00:00.000Z',
    ignored: false,
  };
}

export async function startBookingWorld(settings: UserSettings = HOST_SETTINGS): Promise<BookingWorld> {
  // Rapport's calendar writes invitations under the data folder: a temp one, not the repo's.
  process.env.RAPPORT_DATA_DIR = mkdtempSync(join(tmpdir(), 'rapport-booking-'));
  const app = await startTestApp({ now: NOW, settings });
  const { store } = app.runtime;
  const folder = calendarFolder();
  let workEvents = [STANDUP];
  const workPath = folder.write('work.ics', icsCalendar(workEvents));
  await store.connections.create(app.userId, { id: 'work', kind: 'ics', label: 'Work', source: workPath, cursor: null, status: 'ok', createdAt: NOW });
  await store.connections.create(app.userId, { id: 'rapport', kind: 'rapport', label: 'Rapport', cursor: null, status: 'ok', createdAt: NOW });
  const base = app.runtime;

  return {
    app,
    setWorkEvents(events) {
      workEvents = [STANDUP, ...events];
      folder.write('work.ics', icsCalendar(workEvents));
    },
    async propose(email, name) {
      await store.contacts.putMany(app.userId, [dueContact(email, name)]);
      const report = await proposeForUser(bookingDepsOf(base), app.userId, NOW);
      const coffee = report.created.find((c) => c.contactEmail === email);
      if (!coffee) throw new Error(`no proposal for ${email}: ${JSON.stringify(report.skipped)}`);
      const token = coffee.link.slice(coffee.link.lastIndexOf('/') + 1);
      return { ...coffee, token, link: `${app.url}/book/${token}` };
    },
    async at(now, fn) {
      setRuntime({ ...base, now: () => now });
      try {
        return await fn();
      } finally {
        setRuntime(base);
      }
    },
  };
}

/** The booking world of one test file, reached through its handle once `beforeAll` has started it. */
export interface BookingWorldHandle {
  world: BookingWorld;
  store(): Store;
  userId(): string;
}

/**
 * The set-up of a booking HTTP test file: starts the world before the file's tests and closes
 * its server after them. Call it at the top of the file, where hooks are registered.
 */
export function useBookingWorld(settings: UserSettings = HOST_SETTINGS): BookingWorldHandle {
  let started: BookingWorld | undefined;
  const current = (): BookingWorld => {
    if (!started) throw new Error('The booking world starts in beforeAll: use it inside tests and hooks.');
    return started;
  };
  beforeAll(async () => {
    started = await startBookingWorld(settings);
  });
  afterAll(async () => started?.app.close());
  const world: BookingWorld = {
    get app() {
      return current().app;
    },
    setWorkEvents: (events) => current().setWorkEvents(events),
    propose: (email, name) => current().propose(email, name),
    at: (now, fn) => current().at(now, fn),
  };
  return { world, store: () => current().app.runtime.store, userId: () => current().app.userId };
}

/** Opens a guest page like a browser does and returns its CSRF cookie, form token and HTML. */
export async function openGuestPage(url: string): Promise<{ status: number; cookie: string; csrf: string; html: string }> {
  const response = await fetch(url);
  const html = await response.text();
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0]!;
  const csrf = /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
  return { status: response.status, cookie, csrf, html };
}

export function postJson(url: string, body: unknown, raw?: string): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: raw ?? JSON.stringify(body) });
}
