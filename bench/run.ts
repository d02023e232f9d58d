import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { benchBigCalendar } from './big-calendar.js';
import { benchBookingLoad } from './booking-load.js';
import { benchBundles } from './bundles.js';
import { benchCalendarRequests } from './calendar-requests.js';
import { costModel } from './cost.js';
import { benchDomainCpu } from './domain-cpu.js';
import { benchDynamoUnits } from './dynamo-units.js';
import { renderHtml } from './html.js';
import { budgetMet, type SectionResult } from './report.js';
import { benchSlotFinder } from './slot-finder.js';

/**
 * `npm run bench`: measures, compares with the budgets, writes bench/report.json and
 * bench/report.html, and exits 1 when a budget is missed. Ratios (cold import against bare
 * node) are taken within the same run, because these machines are noisy.
 */

const startedAt = new Date();
const sections: SectionResult[] = [];
// Pure CPU sections first, before DynamoDB Local and the servers leave a busy heap behind.
const steps: [string, () => SectionResult | Promise<SectionResult>][] = [
  // First: its memory figure is the whole process's, which later sections would inflate.
  ['booking page with a 20 MB calendar', benchBigCalendar],
  ['slot finder', benchSlotFinder],
  ['CPU per user', benchDomainCpu],
  ['calendar requests', benchCalendarRequests],
  ['DynamoDB units', benchDynamoUnits],
  ['booking under load', benchBookingLoad],
  ['bundles', benchBundles],
  ['cost model', costModel],
];
// `--only=bundles,slot`: just the steps whose name contains one of these (a partial run writes no report).
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');
for (const [name, step] of steps) {
  if (only && !only.some((id) => name.includes(id))) continue;
  process.stderr.write(`bench: ${name}…\n`);
  const section = await step();
  sections.push(section);
  console.log(`\n## ${section.title}`);
  for (const f of section.figures) console.log(`  ${f.label}: ${f.value}`);
  for (const b of section.budgets) console.log(`  [${budgetMet(b) ? 'met' : 'MISSED'}] ${b.name}: ${b.measured}${b.unit} (${b.kind === 'exact' ? '=' : '≤'} ${b.limit}${b.unit})`);
}

const missed = sections.flatMap((s) => s.budgets.filter((b) => !budgetMet(b)).map((b) => `${s.title}: ${b.name}`));
const seconds = (Date.now() - startedAt.getTime()) / 1000;
const machine = `${cpus().length} cores, Node ${process.version}`;
if (!only) {
  mkdirSync('bench', { recursive: true });
  writeFileSync('bench/report.json', `${JSON.stringify({ startedAt: startedAt.toISOString(), seconds, machine, sections, missed }, null, 2)}\n`);
  writeFileSync('bench/report.html', renderHtml(sections, { startedAt: startedAt.toISOString(), seconds, machine }));
}
console.log(`\n${missed.length === 0 ? 'All budgets met.' : `${missed.length} budget(s) missed:\n  ${missed.join('\n  ')}`}\n${only ? 'No report written (--only)' : 'Report: bench/report.json, bench/report.html'} (${seconds.toFixed(0)} s)`);
process.exit(missed.length === 0 ? 0 : 1);
