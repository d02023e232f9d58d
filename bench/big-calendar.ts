import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BigCalendarRun } from './big-calendar.measure.js';
import { round, type SectionResult } from './report.js';
import { percentile } from './stats.js';
import { BENCH_NOW } from './workload.js';

/**
 * A booking page's cost must not depend on the size of the calendars behind it (issue 16): the
 * page reads the busy index the sync keeps, never the calendar. Measured on the local server:
 * the same booking page before and after a ~19.5 MB feed (just under the 20 MB feed limit) is
 * connected and synced.
 *
 * Memory is measured in a process of its own (bench/big-calendar.measure.ts) started with a V8
 * heap cap: the figure is that process's peak RSS over the sync and the pages
 * (`process.resourceUsage().maxRSS`), and the cap makes it what the sync needs, not whatever
 * garbage V8 had not yet collected. A run that needs more heap than the cap dies, and the
 * section says so and misses its budget: it is never skipped.
 */

const RATIO_BUDGET = 2;
const RSS_BUDGET_MB = 300;
/**
 * The V8 old space the run may use: the RSS budget less what the process holds outside it
 * (node and tsx, the code of the local server and its clients, the young generation, the
 * feed's 20 MB of bytes): about 140 MB measured, 147 MB of RSS before the sync with 21 MB of
 * heap in use. The sync and pages need between 96 and 112 MB of it (2026-12-03).
 */
export const HEAP_CAP_MB = 160;
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

type ChildOutcome = { ok: true; run: BigCalendarRun } | { ok: false; why: string };

function runInChild(feedPath: string): ChildOutcome {
  const child = spawnSync(process.execPath, [`--max-old-space-size=${HEAP_CAP_MB}`, '--import', 'tsx', 'bench/big-calendar.measure.ts', feedPath], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const last = child.stdout?.trim().split('\n').at(-1);
  if (child.status === 0 && last) return { ok: true, run: JSON.parse(last) as BigCalendarRun };
  const stderr = (child.stderr ?? '').trim().split('\n');
  const fatal = stderr.find((line) => /FATAL ERROR|heap out of memory/i.test(line));
  const outOfMemory = fatal !== undefined;
  const end = `exit ${child.status ?? child.signal}; ${fatal?.trim() ?? stderr.slice(-3).join(' / ')}`;
  return { ok: false, why: outOfMemory ? `ran out of memory under --max-old-space-size=${HEAP_CAP_MB} (${end})` : `failed (${end})` };
}

export function benchBigCalendar(): SectionResult {
  const dir = mkdtempSync(join(tmpdir(), 'rapport-big-calendar-'));
  try {
    const text = bigCalendar();
    const feedPath = join(dir, 'big.ics');
    writeFileSync(feedPath, text);
    const title = `Booking page with a ${round(text.length / 1024 / 1024, 1)} MB calendar connected (local server, DynamoDB Local; own process, V8 heap capped at ${HEAP_CAP_MB} MB)`;
    const outcome = runInChild(feedPath);
    const completed = { name: `sync and pages run to the end under a ${HEAP_CAP_MB} MB V8 heap cap`, measured: outcome.ok ? 1 : 0, limit: 1, unit: '', kind: 'exact' as const };
    if (!outcome.ok) {
      console.error(`bench: big-calendar ${outcome.why}`);
      return { id: 'big-calendar', title, figures: [{ label: 'the section’s process', value: outcome.why }], budgets: [completed] };
    }
    const { run } = outcome;
    const smallP50 = percentile(run.smallMs, 50);
    const bigP50 = percentile(run.bigMs, 50);
    return {
      id: 'big-calendar',
      title,
      figures: [
        { label: 'booking page, small calendars only', value: `p50 ${round(smallP50, 1)} ms, p95 ${round(percentile(run.smallMs, 95), 1)} ms` },
        { label: `booking page, with the big calendar (${run.eventsWritten} events stored)`, value: `p50 ${round(bigP50, 1)} ms, p95 ${round(percentile(run.bigMs, 95), 1)} ms` },
        { label: 'first sync of the big calendar (parse, store, busy index)', value: `${round(run.syncSeconds, 1)} s` },
        { label: `peak RSS of the section’s own process over the sync and the pages (V8 heap capped at ${HEAP_CAP_MB} MB)`, value: `${round(run.maxRssMb, 0)} MB` },
      ],
      budgets: [
        completed,
        { name: 'booking page p50 with the big calendar / without', measured: round(bigP50 / smallP50, 2), limit: RATIO_BUDGET, unit: '×', kind: 'max' },
        { name: 'peak RSS over the sync and the pages', measured: round(run.maxRssMb, 0), limit: RSS_BUDGET_MB, unit: 'MB', kind: 'max' },
      ],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
