import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Budget, SectionResult } from './report.js';

/**
 * Section 1: calendar requests per sync. The measuring runs in a child process under vitest
 * (bench/calendar-requests.measure.ts) for the test setup's DynamoDB Local and certificates.
 */
export function benchCalendarRequests(): SectionResult {
  const out = join(mkdtempSync(join(tmpdir(), 'rapport-bench-cal-')), 'figures.json');
  const run = spawnSync('npx', ['vitest', 'run', '--config', 'bench/vitest.calendar.config.ts'], { env: { ...process.env, BENCH_CALENDAR_OUT: out }, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`calendar request measurement failed:\n${run.stdout}\n${run.stderr}`);
  const f = JSON.parse(readFileSync(out, 'utf8')) as Record<string, number | undefined>;
  const figures: SectionResult['figures'] = [];
  const budgets: Budget[] = [];
  const line = (label: string, value: number | undefined, budget?: number) => {
    if (value === undefined) return;
    figures.push({ label, value: `${value} request${value === 1 ? '' : 's'}` });
    if (budget !== undefined) budgets.push({ name: label, measured: value, limit: budget, unit: '', kind: 'exact' });
  };
  line('Google: initial sync of 5,000 events (list requests)', f.googleInitial, 2);
  line('Google: incremental sync, no change', f.googleUnchanged, 1);
  line('Google: incremental sync, 10 changed events', f.googleChanged, 1);
  line('Graph: initial sync of 5,000 events (delta pages of 200)', f.graphInitial, 25);
  line('Graph: incremental sync, no change', f.graphUnchanged, 1);
  line('Graph: incremental sync, 10 changed events', f.graphChanged, 1);
  return { id: 'calendar', title: 'Calendar requests per sync (local wire-format servers, official clients)', figures, budgets };
}
