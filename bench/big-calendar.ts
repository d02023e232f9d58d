import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RAPPORT_CALENDAR_ID } from '../lib/services/availability.js';
import { bookingDepsOf } from '../lib/services/deps.js';
import { proposeForUser } from '../lib/services/propose.js';
import { syncUser } from '../lib/services/sync.js';
import { openBenchWorld } from './local-world.js';
import { round, type SectionResult } from './report.js';
import { percentile } from './stats.js';
import { BENCH_NOW, SETTINGS } from './workload.js';

/**
 * A booking page's cost must not depend on the size of the calendars behind it (issue 16): the
 * page reads the busy index the sync keeps, never the calendar. Measured on the local server:
 * the same booking page before and after a ~19.5 MB feed (just under the 20 MB feed limit) is
 * connected and synced, and the process's memory while pages are served.
 */

const PAGE_VIEWS = 30;
const RATIO_BUDGET = 2;
const RSS_BUDGET_MB = 300;
const TARGET_BYTES = 19.5 * 1024 * 1024;

/** A busy person's export: meetings every working hour for months, with attendees and notes. */
function bigCalendar(): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Rapport bench//EN'];
  const from = Date.parse(BENCH_NOW) - 120 * 86_400_000;
  const description = `DESCRIPTION:${'Agenda, dial-in details and notes. '.repeat(6)}`;
  let bytes = 0;
  for (let i = 0; bytes < TARGET_BYTES; i++) {
    const start = new Date(from + i * 1_800_000);
    const stamp = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
    const event = [
      'BEGIN:VEVENT', `UID:big-${i}@bench`, `DTSTAMP:${stamp(start)}`, `DTSTART:${stamp(start)}`, `DTEND:${stamp(new Date(start.getTime() + 1_500_000))}`,
      `SUMMARY:Meeting ${i}`, description.slice(0, 75), 'ORGANIZER:mailto:alex@northwind.example',
      'ATTENDEE;PARTSTAT=ACCEPTED:mailto:alex@northwind.example', `ATTENDEE;PARTSTAT=ACCEPTED;CN=Person ${i % 500}:mailto:person${i % 500}@example.com`, 'END:VEVENT',
    ];
    bytes += event.reduce((n, line) => n + line.length + 2, 0);
    lines.push(...event);
  }
  lines.push('END:VCALENDAR');
  return `${lines.join('\r\n')}\r\n`;
}

async function pageTimes(link: string): Promise<{ ms: number[]; peakRssMb: number }> {
  const ms: number[] = [];
  let peak = 0;
  for (let i = 0; i < PAGE_VIEWS; i++) {
    const start = process.hrtime.bigint();
    const response = await fetch(link);
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`booking page answered ${response.status}`);
    ms.push(Number(process.hrtime.bigint() - start) / 1e6);
    peak = Math.max(peak, process.memoryUsage().rss);
  }
  return { ms, peakRssMb: peak / 1024 / 1024 };
}

export async function benchBigCalendar(): Promise<SectionResult> {
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

    const small = await pageTimes(link);
    const text = bigCalendar();
    const path = join(bench.world.dataDir, 'big.ics');
    writeFileSync(path, text);
    await runtime.store.connections.create(userId, { id: 'big', kind: 'ics', label: 'big.ics', source: path, cursor: null, status: 'ok', createdAt: BENCH_NOW });
    const syncStart = Date.now();
    const report = await syncUser(runtime, userId, BENCH_NOW);
    const syncSeconds = (Date.now() - syncStart) / 1000;
    const big = await pageTimes(link);

    const smallP50 = percentile(small.ms, 50);
    const bigP50 = percentile(big.ms, 50);
    return {
      id: 'big-calendar',
      title: `Booking page with a ${round(text.length / 1024 / 1024, 1)} MB calendar connected (local server, DynamoDB Local)`,
      figures: [
        { label: 'booking page, small calendars only', value: `p50 ${round(smallP50, 1)} ms, p95 ${round(percentile(small.ms, 95), 1)} ms` },
        { label: `booking page, with the big calendar (${report.connections.find((c) => c.connectionId === 'big')?.eventsWritten ?? 0} events stored)`, value: `p50 ${round(bigP50, 1)} ms, p95 ${round(percentile(big.ms, 95), 1)} ms` },
        { label: 'first sync of the big calendar (parse, store, busy index)', value: `${round(syncSeconds, 1)} s` },
        { label: 'process memory while pages are served (peak RSS of the bench process, this section runs first)', value: `${round(big.peakRssMb, 0)} MB` },
      ],
      budgets: [
        { name: 'booking page p50 with the big calendar / without', measured: round(bigP50 / smallP50, 2), limit: RATIO_BUDGET, unit: '×', kind: 'max' },
        { name: 'peak RSS while pages are served', measured: round(big.peakRssMb, 0), limit: RSS_BUDGET_MB, unit: 'MB', kind: 'max' },
      ],
    };
  } finally {
    await bench.close();
  }
}
