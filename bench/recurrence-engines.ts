import { gzipSync } from 'node:zlib';
import { Worker } from 'node:worker_threads';
import { build } from 'esbuild';
import { DateTime } from 'luxon';
import { HARD_CLASSES, RFC_5545_EXAMPLES, ZONE, type RuleCase } from '../test/adapters/calendars/ics/recurrence/rule-cases.js';
import { ENGINE_NAMES, type EngineName, type Expansion } from './recurrence-adapters.js';
import { round, type SectionResult } from './report.js';
import type { EngineAnswer, EngineRequest } from './recurrence-worker.js';

/**
 * Recurrence engines side by side: ours (lib/adapters/calendars/ics/recurrence/) against the
 * npm packages rrule and rrule-temporal, on the cases our engine's tests use (RFC 5545
 * §3.8.5.3's RRULE examples and the rule classes of issue 17) plus rules that never match.
 * Every engine runs in a worker thread with a deadline per case, so a hang is counted, not
 * waited for. Also each engine's minified bundle and its speed on one everyday rule.
 */

const CASE_DEADLINE_MS = 5_000;
const WORKER_START_DEADLINE_MS = 120_000;
const TEN_YEARS_MS = 10 * 366 * 86_400_000;
const SPEED_RUNS = 300;

/** Rules that can never produce a second start: an engine must give DTSTART and stop. */
const NEVER_MATCHING: RuleCase[] = [
  { name: 'SECONDLY on a date that never exists', start: '2026-01-31T09:00', rule: 'FREQ=SECONDLY;BYMONTH=2;BYMONTHDAY=30', expected: ['2026-01-31T09:00'] },
  { name: 'DAILY on a date that never exists', start: '2026-01-31T09:00', rule: 'FREQ=DAILY;BYMONTH=4;BYMONTHDAY=31', expected: ['2026-01-31T09:00'] },
];

const GROUPS: { group: string; cases: RuleCase[] }[] = [
  { group: 'RFC 5545 examples', cases: RFC_5545_EXAMPLES },
  { group: 'issue 17 classes', cases: HARD_CLASSES },
  { group: 'never matching', cases: NEVER_MATCHING },
];

/** Weekly on two days for a year: what most calendars are made of. */
const SPEED_CASE: Expansion = { start: '2026-01-05T09:00', rule: 'FREQ=WEEKLY;BYDAY=MO,TH', notAfterMs: Date.parse('2027-01-04T23:59:59Z') };

/** What each engine is bundled from, as a tiny entry (esbuild --bundle --minify). */
const BUNDLE_ENTRIES: Record<EngineName, string> = {
  rapport: "export { parseRule } from './lib/adapters/calendars/ics/recurrence/rule.ts'; export { ruleStarts, StepBudget } from './lib/adapters/calendars/ics/recurrence/rule-starts.ts';",
  rrule: "export { RRule, RRuleSet, rrulestr } from 'rrule';",
  'rrule-temporal': "export { RRuleTemporal } from 'rrule-temporal';",
};

type Outcome = { kind: 'agreed' } | { kind: 'differs'; detail: string } | { kind: 'error'; detail: string } | { kind: 'hang' };

/**
 * The cases are written in New York wall-clock time with UNTIL in UTC. Every engine gets the
 * same reading of them in one zone-free clock (UTC stands in for it): UNTIL turned into New York
 * wall-clock time first, so what is compared is the recurrence rules, not zone handling.
 */
function expansionOf(ruleCase: RuleCase): Expansion {
  const rule = ruleCase.rule.replace(/UNTIL=(\d{8}T\d{6})Z/, (_all, utc: string) => {
    const wall = DateTime.fromFormat(utc, "yyyyMMdd'T'HHmmss", { zone: 'utc' }).setZone(ZONE);
    return `UNTIL=${wall.toFormat("yyyyMMdd'T'HHmmss")}Z`;
  });
  const start = Date.parse(`${ruleCase.start}:00Z`);
  const extra = ruleCase.excludeStart ? 1 : 0;
  return { start: ruleCase.start, rule, notAfterMs: start + TEN_YEARS_MS, ...(ruleCase.open ? { maxCount: ruleCase.expected.length + extra } : {}) };
}

function outcomeOf(ruleCase: RuleCase, starts: number[]): Outcome {
  let readings = starts.map((ms) => new Date(ms).toISOString().slice(0, 16));
  if (ruleCase.excludeStart) readings = readings.filter((reading) => reading !== ruleCase.start);
  if (ruleCase.open) readings = readings.slice(0, ruleCase.expected.length);
  const at = ruleCase.expected.findIndex((expected, index) => readings[index] !== expected);
  if (at === -1 && readings.length === ruleCase.expected.length) return { kind: 'agreed' };
  const index = at === -1 ? ruleCase.expected.length : at;
  return { kind: 'differs', detail: `${readings.length} starts for ${ruleCase.expected.length}; #${index + 1} is ${readings[index] ?? 'missing'}, expected ${ruleCase.expected[index] ?? 'none'}` };
}

/** One engine's worker thread, started again after a deadline passes. */
class EngineWorker {
  private worker: Worker | undefined;
  private ready: Promise<void> | undefined;

  /** The worker runs TypeScript: it registers tsx's loader itself (a worker does not inherit it). */
  private start(): Promise<void> {
    const loader = import.meta.resolve('tsx/esm/api');
    const target = new URL('./recurrence-worker.ts', import.meta.url).href;
    const worker = new Worker(`import(${JSON.stringify(loader)}).then(({ register }) => { register(); return import(${JSON.stringify(target)}); });`, { eval: true });
    this.worker = worker;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the recurrence worker did not start')), WORKER_START_DEADLINE_MS);
      worker.once('message', () => {
        clearTimeout(timer);
        resolve();
      });
      worker.once('error', reject);
    });
  }

  async ask(request: EngineRequest, deadlineMs: number): Promise<EngineAnswer | 'timeout'> {
    this.ready ??= this.start();
    await this.ready;
    const worker = this.worker!;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.stop();
        resolve('timeout');
      }, deadlineMs);
      worker.once('message', (answer: EngineAnswer) => {
        clearTimeout(timer);
        resolve(answer);
      });
      worker.postMessage(request);
    });
  }

  stop(): void {
    void this.worker?.terminate();
    this.worker = undefined;
    this.ready = undefined;
  }
}

async function bundleBytes(engine: EngineName): Promise<{ raw: number; gzip: number }> {
  const result = await build({
    stdin: { contents: BUNDLE_ENTRIES[engine], resolveDir: process.cwd(), loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'node',
    mainFields: ['module', 'main'],
    write: false,
    logLevel: 'silent',
    legalComments: 'none',
  });
  const bytes = result.outputFiles[0]!.contents;
  return { raw: bytes.length, gzip: gzipSync(bytes).length };
}

interface EngineReport {
  engine: EngineName;
  agreedByGroup: number[];
  agreed: number;
  hangs: string[];
  errors: string[];
  differs: string[];
  bundle: { raw: number; gzip: number };
  speed: { medianMs: number; count: number } | undefined;
}

async function measureEngine(engine: EngineName): Promise<EngineReport> {
  const worker = new EngineWorker();
  const report: EngineReport = { engine, agreedByGroup: [], agreed: 0, hangs: [], errors: [], differs: [], bundle: await bundleBytes(engine), speed: undefined };
  try {
    for (const { cases } of GROUPS) {
      let agreed = 0;
      for (const ruleCase of cases) {
        const answer = await worker.ask({ kind: 'expand', engine, expansion: expansionOf(ruleCase) }, CASE_DEADLINE_MS);
        const outcome: Outcome = answer === 'timeout' ? { kind: 'hang' } : !answer.ok ? { kind: 'error', detail: answer.error } : 'starts' in answer ? outcomeOf(ruleCase, answer.starts) : { kind: 'error', detail: 'no starts' };
        if (outcome.kind === 'agreed') agreed += 1;
        else if (outcome.kind === 'hang') report.hangs.push(ruleCase.name);
        else if (outcome.kind === 'error') report.errors.push(`${ruleCase.name} (${outcome.detail})`);
        else report.differs.push(`${ruleCase.name} (${outcome.detail})`);
      }
      report.agreedByGroup.push(agreed);
      report.agreed += agreed;
    }
    const timed = await worker.ask({ kind: 'time', engine, expansion: SPEED_CASE, runs: SPEED_RUNS }, 60_000);
    if (timed !== 'timeout' && timed.ok && 'medianMs' in timed) report.speed = { medianMs: timed.medianMs, count: timed.count };
  } finally {
    worker.stop();
  }
  return report;
}

export async function benchRecurrenceEngines(): Promise<SectionResult> {
  const reports: EngineReport[] = [];
  for (const engine of ENGINE_NAMES) reports.push(await measureEngine(engine));
  const total = GROUPS.reduce((sum, g) => sum + g.cases.length, 0);
  const ours = reports.find((r) => r.engine === 'rapport')!;
  const kb = (bytes: number) => round(bytes / 1024, 1);
  return {
    id: 'recurrence-engines',
    title: 'Recurrence engines: ours vs rrule and rrule-temporal (same cases, same wall clock)',
    figures: [
      { label: 'cases', value: GROUPS.map((g) => `${g.cases.length} ${g.group}`).join(', ') + `; each engine in a worker thread, ${CASE_DEADLINE_MS / 1000} s per case` },
      ...reports.map((r) => ({
        label: r.engine,
        value:
          `agreed ${r.agreed} of ${total} (${GROUPS.map((g, i) => `${g.group} ${r.agreedByGroup[i]}/${g.cases.length}`).join(', ')}); ` +
          `hangs ${r.hangs.length}, errors ${r.errors.length}; bundle ${kb(r.bundle.raw)} KB minified (${kb(r.bundle.gzip)} KB gzip); ` +
          (r.speed ? `weekly on two days for a year (${r.speed.count} starts): median ${round(r.speed.medianMs * 1000, 0)} µs` : 'speed not measured'),
      })),
      ...reports.flatMap((r) => {
        const missed = [
          ...r.hangs.map((name) => `${name}: no answer within ${CASE_DEADLINE_MS / 1000} s, stopped`),
          ...r.errors.map((text) => `refused ${text}`),
          ...r.differs.map((text) => `differs on ${text}`),
        ];
        return missed.length ? [{ label: `${r.engine}: not agreed`, value: missed.join('; ') }] : [];
      }),
    ],
    budgets: [
      { name: 'our engine agrees on every case', measured: ours.agreed, limit: total, unit: ' cases', kind: 'exact' },
      { name: 'our engine hangs on no case', measured: ours.hangs.length, limit: 0, unit: ' cases', kind: 'exact' },
    ],
    charts: [
      { title: 'Cases agreed', unit: `of ${total}`, series: reports.map((r) => ({ label: r.engine, value: r.agreed })) },
      { title: 'Minified bundle', unit: 'KB', series: reports.map((r) => ({ label: r.engine, value: kb(r.bundle.raw) })) },
      { title: 'Weekly rule for a year, median', unit: 'µs', series: reports.map((r) => ({ label: r.engine, value: r.speed ? round(r.speed.medianMs * 1000, 0) : 0 })) },
    ],
  };
}
