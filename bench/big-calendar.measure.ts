import { RAPPORT_CALENDAR_ID } from '../lib/services/availability.js';
import { bookingDepsOf } from '../lib/services/deps.js';
import { proposeForUser } from '../lib/services/propose.js';
import { syncUser } from '../lib/services/sync.js';
import { openBenchWorld } from './local-world.js';
import { BENCH_NOW, SETTINGS } from './workload.js';

/**
 * One process's run of the big-calendar section (bench/big-calendar.ts starts it under a V8
 * heap cap): the booking page before and after the feed at argv[2] is connected and synced,
 * then the process's peak RSS, which covers the sync and the pages. Prints JSON on stdout.
 */

export interface BigCalendarRun {
  smallMs: number[];
  bigMs: number[];
  syncSeconds: number;
  eventsWritten: number;
  /** `process.resourceUsage().maxRSS` at the end, in MB: the peak over the whole run. */
  maxRssMb: number;
}

const PAGE_VIEWS = 30;

async function pageTimes(link: string): Promise<number[]> {
  const ms: number[] = [];
  for (let i = 0; i < PAGE_VIEWS; i++) {
    const start = process.hrtime.bigint();
    const response = await fetch(link);
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`booking page answered ${response.status}`);
    ms.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return ms;
}

async function run(feedPath: string): Promise<BigCalendarRun> {
  const bench = await openBenchWorld(BENCH_NOW);
  try {
    const { runtime } = bench;
    const userId = runtime.config.localUserId;
    await runtime.store.profiles.put(userId, { ...SETTINGS, coffee: { ...SETTINGS.coffee!, windows: (['mon', 'tue', 'wed', 'thu', 'fri'] as const).map((day) => ({ day, start: '07:00', end: '20:00' })) } });
    await runtime.store.connections.create(userId, { id: RAPPORT_CALENDAR_ID, kind: 'rapport', label: 'Rapport', cursor: null, status: 'ok', createdAt: BENCH_NOW });
    await runtime.store.contacts.putMany(userId, [{ email: 'jane@example.com', name: 'Jane', tier: 'close', firstMetAt: '2026-06-01T09:00:00.000Z', lastMetAt: '2026-06-01T09:00:00.000Z', nextDueAt: '2026-07-01T09:00:00.000Z', ignored: false }]);
    const { created } = await proposeForUser(bookingDepsOf(runtime), userId, BENCH_NOW);
    const coffee = created[0];
    if (!coffee) throw new Error('no proposal to open');
    const link = `${bench.url}/book/${coffee.link.slice(coffee.link.lastIndexOf('/') + 1)}`;
    await fetch(link).then((r) => r.arrayBuffer()); // cold start of the function, not a guest's page

    const smallMs = await pageTimes(link);
    await runtime.store.connections.create(userId, { id: 'big', kind: 'ics', label: 'big.ics', source: feedPath, cursor: null, status: 'ok', createdAt: BENCH_NOW });
    const syncStart = Date.now();
    const report = await syncUser(runtime, userId, BENCH_NOW);
    const syncSeconds = (Date.now() - syncStart) / 1000;
    const bigMs = await pageTimes(link);
    const eventsWritten = report.connections.find((c) => c.connectionId === 'big')?.eventsWritten ?? 0;
    return { smallMs, bigMs, syncSeconds, eventsWritten, maxRssMb: process.resourceUsage().maxRSS / 1024 };
  } finally {
    await bench.close();
  }
}

const feedPath = process.argv[2];
if (!feedPath) throw new Error('usage: big-calendar.measure.ts FEED.ics');
process.stdout.write(`\n${JSON.stringify(await run(feedPath))}\n`);
process.exit(0);
