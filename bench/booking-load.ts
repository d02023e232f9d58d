import type { Contact } from '../lib/core/domain/contact.js';
import { bookingDepsOf } from '../lib/services/deps.js';
import { proposeForUser } from '../lib/services/propose.js';
import { RAPPORT_CALENDAR_ID } from '../lib/services/availability.js';
import { openBenchWorld } from './local-world.js';
import { round, type SectionResult } from './report.js';
import { percentile } from './stats.js';
import { BENCH_NOW, SETTINGS } from './workload.js';

/**
 * Section 6: booking under load on the local server (the same handlers as Lambda, DynamoDB
 * Local): 50 guests open their links at once, then 50 book at once, each a different time.
 */

const GUESTS = 50;
const PAGE_P95_BUDGET_MS = 100;

async function timed(request: () => Promise<Response>): Promise<{ ms: number; status: number }> {
  const start = process.hrtime.bigint();
  const response = await request();
  await response.arrayBuffer();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, status: response.status };
}

export async function benchBookingLoad(): Promise<SectionResult> {
  const bench = await openBenchWorld(BENCH_NOW);
  try {
    const { runtime } = bench;
    const userId = runtime.config.localUserId;
    await runtime.store.profiles.put(userId, {
      ...SETTINGS,
      coffee: { ...SETTINGS.coffee!, windows: (['mon', 'tue', 'wed', 'thu', 'fri'] as const).map((day) => ({ day, start: '08:00', end: '18:00' })), horizonDays: 30, maxPerDay: 20, maxPerWeek: 50, stepMinutes: 30 },
    });
    await runtime.store.connections.create(userId, { id: RAPPORT_CALENDAR_ID, kind: 'rapport', label: 'Rapport', cursor: null, status: 'ok', createdAt: BENCH_NOW });
    const contacts: Contact[] = Array.from({ length: GUESTS }, (_, i) => ({
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
    if (created.length !== GUESTS) throw new Error(`expected ${GUESTS} proposals, got ${created.length}`);
    const links = created.map((c) => `${bench.url}/book/${c.link.slice(c.link.lastIndexOf('/') + 1)}`);

    await fetch(links[0]!).then((r) => r.arrayBuffer()); // the functions' cold start is not a guest's page load
    const sequential: number[] = [];
    for (const link of links.slice(0, 10)) sequential.push((await timed(() => fetch(`${link}?tz=Asia%2FKolkata`))).ms);
    const pages = await Promise.all(links.map((link) => timed(() => fetch(`${link}?tz=Asia%2FKolkata`))));
    const bookings = await Promise.all(
      created.map((c, i) => timed(() => fetch(links[i]!, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ start: c.slots[0]!.start }) }))),
    );
    const calendar = await runtime.store.localCalendar.list(userId);
    const coffees = calendar.filter((e) => e.kind === 'coffee' && e.status !== 'cancelled');
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
        { label: 'booking page', value: `p50 ${round(percentile(pageMs, 50), 1)} ms, p95 ${round(percentile(pageMs, 95), 1)} ms` },
        { label: 'booking (POST, distinct times)', value: `p50 ${round(percentile(bookMs, 50), 1)} ms, p95 ${round(percentile(bookMs, 95), 1)} ms` },
        { label: 'coffees on the calendar / distinct times / holds left', value: `${coffees.length} / ${perSlot} / ${holdsLeft}` },
      ],
      budgets: [
        { name: 'booking page p95', measured: round(percentile(pageMs, 95), 1), limit: PAGE_P95_BUDGET_MS, unit: 'ms', kind: 'max' },
        { name: 'errors (pages and bookings)', measured: errors, limit: 0, unit: '', kind: 'exact' },
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
