import { fork } from 'node:child_process';
import { cpus } from 'node:os';
import { pathToFileURL } from 'node:url';
import type { Contact } from '../lib/core/domain/contact.js';
import { createDynamoDbClient } from '../lib/adapters/store/client.js';
import { createStore } from '../lib/adapters/store/store.js';
import { silentLogger } from '../lib/runtime/log.js';
import { createRuntime, setRuntime } from '../lib/runtime/runtime.js';
import { bookingDepsOf } from '../lib/services/deps.js';
import { proposeForUser } from '../lib/services/propose.js';
import { RAPPORT_CALENDAR_ID } from '../lib/services/availability.js';
import { openDynamoWire, type DynamoWire } from './dynamo-wire.js';
import { openBenchWorld, type BenchWorld } from './local-world.js';
import { budgetMet, round, type SectionResult } from './report.js';
import { cpuSpent } from './process-cpu.js';
import { percentile } from './stats.js';
import { BENCH_NOW, SETTINGS } from './workload.js';
import type { GuestRequest, GuestResult } from './guests.measure.js';

/**
 * Section 6: booking under load on the local server (the same handlers as Lambda, DynamoDB
 * Local): 50 guests open their links at once, then 50 book at once, each a different time.
 * The guests run in a process of their own (guests.measure.ts), as browsers would, so the
 * server's one thread serves requests instead of also making them and reading the answers.
 * Also counts the DynamoDB requests of one page view on the wire (dynamo-wire.ts).
 * Alone: `npx tsx bench/booking-load.ts` (prints the section, writes no report).
 */

const GUESTS = 50;
const PAGE_P95_BUDGET_MS = 300;
const BOOKING_P95_BUDGET_MS = 1000;
const PAGE_REQUESTS_BUDGET = 4;
/** What a booking on Rapport's calendar costs today: a regression guard, so a request added to the path is seen. */
const BOOKING_REQUESTS_BUDGET = 9;

/** Runs `work` with the server's runtime talking to DynamoDB through a request counter (the handlers find it through setRuntime). */
async function throughWire<T>(bench: BenchWorld, work: (wire: DynamoWire) => Promise<T>): Promise<T> {
  const wire = await openDynamoWire(bench.runtime.config.dynamoDbEndpoint!);
  try {
    setRuntime({ ...createRuntime({ ...bench.runtime.config, dynamoDbEndpoint: wire.endpoint }), logger: silentLogger, now: bench.runtime.now });
    return await work(wire);
  } finally {
    setRuntime(bench.runtime);
    await wire.close();
  }
}

/**
 * DynamoDB requests of a guest's first view of their booking page on a warm instance (one that
 * served another link first), and of a second view (the link's target is remembered), by
 * operation, counted on the wire.
 */
function requestsOfPageViews(bench: BenchWorld, warmLink: string, link: string): Promise<{ first: Map<string, number>; again: Map<string, number> }> {
  return throughWire(bench, async (wire) => {
    await fetch(warmLink).then((r) => r.arrayBuffer());
    wire.take();
    await fetch(link).then((r) => r.arrayBuffer());
    const first = wire.take();
    await fetch(link).then((r) => r.arrayBuffer());
    return { first, again: wire.take() };
  });
}

/** DynamoDB requests of one booking (a guest's POST of a free time), by operation, counted on the wire; answers its status too. */
function requestsOfBooking(bench: BenchWorld, url: string, body: string): Promise<{ status: number; requests: Map<string, number> }> {
  return throughWire(bench, async (wire) => {
    const response = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
    await response.arrayBuffer();
    return { status: response.status, requests: wire.take() };
  });
}

/**
 * Runs `work` with the server's store reporting each operation it completes, and counts the
 * free/busy checks (`bookings.calendarState`, once per try) and the claims committed
 * (`bookings.book`): a booking that had to queue behind another checks more than once,
 * whatever the machine's speed.
 */
async function countingClaims<T>(bench: BenchWorld, work: () => Promise<T>): Promise<{ result: T; checked: number; committed: number }> {
  const counts = { checked: 0, committed: 0 };
  const { config } = bench.runtime;
  const store = createStore({
    client: createDynamoDbClient({ endpoint: config.dynamoDbEndpoint, region: config.region }),
    tableName: config.tableName,
    now: bench.runtime.now,
    // Counted without asking DynamoDB for consumed capacity, which the server's own store never does.
    onOperation: (op) => {
      if (op === 'bookings.calendarState') counts.checked++;
      if (op === 'bookings.book') counts.committed++;
    },
  });
  setRuntime({ ...bench.runtime, store });
  try {
    return { result: await work(), ...counts };
  } finally {
    setRuntime(bench.runtime);
  }
}

/** The guests' process: `send` fires a batch of requests at once and gives each one's time and status. */
function startGuests(): { pid: number | undefined; send(batch: GuestRequest[]): Promise<GuestResult[]>; close(): void } {
  const child = fork('bench/guests.measure.ts', [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  // One batch at a time: the answer (or the process's end) settles the batch waiting.
  let waiting: { resolve(results: GuestResult[]): void; reject(error: Error): void } | undefined;
  child.on('message', (answer: { results?: GuestResult[]; error?: string }) => {
    if (answer.results) waiting?.resolve(answer.results);
    else waiting?.reject(new Error(`guests: ${answer.error}`));
    waiting = undefined;
  });
  child.on('exit', (code) => waiting?.reject(new Error(`the guests' process exited (${code})`)));
  return {
    pid: child.pid,
    send: (batch) =>
      new Promise((resolve, reject) => {
        waiting = { resolve, reject };
        child.send(batch);
      }),
    close: () => child.kill(),
  };
}

type CpuOfBurst = Record<string, number | undefined>;

/**
 * Where a burst's CPU went, per guest and in all: everything runs on this machine, so no burst
 * ends before its CPU, shared by the cores, is spent (the floor), however little anything waits.
 */
function cpuFigure(spent: CpuOfBurst): string {
  const known = Object.entries(spent).filter((e): e is [string, number] => e[1] !== undefined);
  if (known.length === 0) return 'not measurable here (no /proc)';
  const total = known.reduce((sum, [, ms]) => sum + ms, 0);
  const parts = known.map(([name, ms]) => `${name} ${round(ms / GUESTS, 1)} ms`).join(', ');
  return `${parts} a guest; ${round(total)} ms in all, so at least ${round(total / cpus().length)} ms on ${cpus().length} cores`;
}

export async function benchBookingLoad(): Promise<SectionResult> {
  const bench = await openBenchWorld(BENCH_NOW);
  try {
    const { runtime } = bench;
    const userId = runtime.config.localUserId;
    await runtime.store.profiles.put(userId, {
      ...SETTINGS,
      coffee: { ...SETTINGS.coffee!, windows: (['mon', 'tue', 'wed', 'thu', 'fri'] as const).map((day) => ({ day, start: '08:00', end: '18:00' })), horizonDays: 30, maxPerDay: 20, maxPerWeek: GUESTS + 1, stepMinutes: 30 },
    });
    await runtime.store.connections.create(userId, { id: RAPPORT_CALENDAR_ID, kind: 'rapport', label: 'Rapport', cursor: null, status: 'ok', createdAt: BENCH_NOW });
    // One guest more than the burst: the warm-up's, who books first, alone.
    const contacts: Contact[] = Array.from({ length: GUESTS + 1 }, (_, i) => ({
      email: `guest${i}@example.com`,
      name: `Guest ${i}`,
      tier: 'close',
      firstMetAt: '2026-06-01T09:00:00.000Z',
      lastMetAt: '2026-06-01T09:00:00.000Z',
      nextDueAt: new Date(Date.parse('2026-07-01T09:00:00.000Z') + i * 60_000).toISOString(),
      ignored: false,
    }));
    await runtime.store.contacts.putMany(userId, contacts);
    const { created } = await proposeForUser(bookingDepsOf(runtime), userId, BENCH_NOW);
    if (created.length !== GUESTS + 1) throw new Error(`expected ${GUESTS + 1} proposals, got ${created.length}`);
    const warmUp = created.pop()!;
    const links = created.map((c) => `${bench.url}/book/${c.link.slice(c.link.lastIndexOf('/') + 1)}`);

    await fetch(links[0]!).then((r) => r.arrayBuffer()); // the functions' cold start is not a guest's page load
    const views = await requestsOfPageViews(bench, `${links[0]}?tz=Asia%2FKolkata`, `${links[1]}?tz=Asia%2FKolkata`);
    const countOf = (requests: Map<string, number>) => [...requests.values()].reduce((a, b) => a + b, 0);
    const pageRequests = views.first;
    const pageRequestCount = countOf(pageRequests);
    const guests = startGuests();
    let pages: GuestResult[];
    let bookings: GuestResult[];
    let claims: { checked: number; committed: number };
    let pagesCpu: CpuOfBurst = {};
    let bookingsCpu: CpuOfBurst = {};
    const sequential: number[] = [];
    let bookingRequests = new Map<string, number>();
    try {
      for (const link of links.slice(0, 10)) sequential.push((await guests.send([{ url: `${link}?tz=Asia%2FKolkata` }]))[0]!.ms);
      // As a page view is before the burst, one booking is: the server's first booking (its code
      // compiled as it runs) is not a guest's of a busy minute. Its requests are counted on the
      // wire; its coffee is not counted below.
      const warm = await requestsOfBooking(bench, `${bench.url}/book/${warmUp.link.slice(warmUp.link.lastIndexOf('/') + 1)}`, JSON.stringify({ start: warmUp.slots[0]!.start }));
      if (warm.status !== 201) throw new Error(`the warm-up booking failed (${warm.status})`);
      bookingRequests = warm.requests;
      const processes = { server: process.pid, 'DynamoDB Local': bench.world.dynamoDbPid, guests: guests.pid };
      const pagesSpent = cpuSpent(processes);
      pages = await guests.send(links.map((link) => ({ url: `${link}?tz=Asia%2FKolkata` })));
      pagesCpu = pagesSpent();
      const bookingsSpent = cpuSpent(processes);
      const booked = await countingClaims(bench, () => guests.send(created.map((c, i) => ({ url: links[i]!, method: 'POST', body: JSON.stringify({ start: c.slots[0]!.start }) }))));
      bookingsCpu = bookingsSpent();
      bookings = booked.result;
      claims = booked;
    } finally {
      guests.close();
    }
    const { checked, committed } = claims;
    const calendar = await runtime.store.localCalendar.list(userId);
    const coffees = calendar.filter((e) => e.kind === 'coffee' && e.status !== 'cancelled' && e.proposalId !== warmUp.proposalId);
    const holdsLeft = calendar.filter((e) => e.kind === 'hold').length;
    const perSlot = new Set(coffees.map((e) => e.start)).size;
    const errors = [...pages, ...bookings].filter((r) => r.status >= 400).length + bookings.filter((r) => r.status !== 201).length;
    const pageMs = pages.map((p) => p.ms);
    const bookMs = bookings.map((b) => b.ms);
    return {
      id: 'booking',
      title: `Booking under load (${GUESTS} concurrent guests, local server, DynamoDB Local)`,
      figures: [
        { label: 'booking page, one guest at a time', value: `p50 ${round(percentile(sequential, 50), 1)} ms` },
        { label: 'DynamoDB requests per page view', value: `${pageRequestCount} (${[...pageRequests].map(([op, n]) => `${op} ${n}`).join(', ')}); the same guest again: ${countOf(views.again)}` },
        { label: 'DynamoDB requests per booking (Rapport\'s calendar)', value: `${countOf(bookingRequests)} (${[...bookingRequests].map(([op, n]) => `${op} ${n}`).join(', ')})` },
        { label: 'booking page', value: `p50 ${round(percentile(pageMs, 50), 1)} ms, p95 ${round(percentile(pageMs, 95), 1)} ms` },
        { label: 'booking (POST, distinct times)', value: `p50 ${round(percentile(bookMs, 50), 1)} ms, p95 ${round(percentile(bookMs, 95), 1)} ms` },
        { label: 'coffees on the calendar / distinct times / holds left', value: `${coffees.length} / ${perSlot} / ${holdsLeft}` },
        { label: 'free/busy checks / claims committed (a booking that queued checks again)', value: `${checked} / ${committed}` },
        { label: `CPU of the ${GUESTS} page views`, value: cpuFigure(pagesCpu) },
        { label: `CPU of the ${GUESTS} bookings`, value: cpuFigure(bookingsCpu) },
      ],
      budgets: [
        { name: 'booking page p95', measured: round(percentile(pageMs, 95), 1), limit: PAGE_P95_BUDGET_MS, unit: 'ms', kind: 'max' },
        { name: 'DynamoDB requests per booking page view', measured: pageRequestCount, limit: PAGE_REQUESTS_BUDGET, unit: '', kind: 'max' },
        { name: "DynamoDB requests per booking (Rapport's calendar)", measured: countOf(bookingRequests), limit: BOOKING_REQUESTS_BUDGET, unit: '', kind: 'max' },
        { name: 'booking POST p95 (distinct times)', measured: round(percentile(bookMs, 95), 1), limit: BOOKING_P95_BUDGET_MS, unit: 'ms', kind: 'max' },
        { name: 'errors (pages and bookings)', measured: errors, limit: 0, unit: '', kind: 'exact' },
        { name: 'free/busy checks per booking of a distinct time (1: none queued)', measured: round(checked / GUESTS, 2), limit: 1, unit: '', kind: 'max' },
        { name: 'coffees on the calendar (one per booking)', measured: coffees.length, limit: GUESTS, unit: '', kind: 'exact' },
        { name: 'distinct times among coffees', measured: perSlot, limit: GUESTS, unit: '', kind: 'exact' },
      ],
      charts: [
        { title: 'Booking page latency (sorted)', unit: 'ms', series: [...pageMs].sort((a, b) => a - b).map((v, i) => ({ label: String(i + 1), value: round(v, 1) })) },
      ],
    };
  } finally {
    await bench.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const section = await benchBookingLoad();
  console.log(`## ${section.title}`);
  for (const f of section.figures) console.log(`  ${f.label}: ${f.value}`);
  for (const b of section.budgets) console.log(`  [${budgetMet(b) ? 'met' : 'MISSED'}] ${b.name}: ${b.measured}${b.unit} (${b.kind === 'exact' ? '=' : '≤'} ${b.limit}${b.unit})`);
  process.exit(section.budgets.every(budgetMet) ? 0 : 1);
}
