import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { benchBigCalendar } from './big-calendar.js';
import { benchBookingLoad } from './booking-load.js';
import { benchBundles } from './bundles.js';
import { benchCalendarRequests } from './calendar-requests.js';
import { benchCliStartup } from './cli-startup.js';
import { costModel } from './cost.js';
import { benchDomainCpu } from './domain-cpu.js';
import { benchDynamoUnits } from './dynamo-units.js';
import { appendRun, budgetKey, changeFrom, previousFigures, readHistory } from './history.js';
import { renderHtml } from './html.js';
import { benchRecurrenceEngines } from './recurrence-engines.js';
import { budgetMet, type SectionResult } from './report.js';
import { benchSlotFinder } from './slot-finder.js';

/**
 * `npm run bench`: measures, compares with the budgets, writes bench/report.json and
 * bench/report.html, and exits 1 when a budget is missed. Ratios (cold import against bare
 * node) are taken within the same run, because these machines are noisy.
 *
 * `npm run bench -- --only=cli-startup,recurrence-engines` runs only the named sections (and
 * the ones they need: the cost model needs the DynamoDB units).
 */

interface Step {
  id: string;
  name: string;
  run: () => SectionResult | Promise<SectionResult>;
  needs?: string[];
}

// Pure CPU sections first, before DynamoDB Local and the servers leave a busy heap behind.
const STEPS: Step[] = [
  // Measured in a process of its own under a heap cap, so its place in the order does not matter.
  { id: 'big-calendar', name: 'booking page with a 20 MB calendar', run: benchBigCalendar },
  { id: 'slots', name: 'slot finder', run: benchSlotFinder },
  { id: 'cpu', name: 'CPU per user', run: benchDomainCpu },
  { id: 'cli-startup', name: 'CLI start-up', run: benchCliStartup },
  { id: 'recurrence-engines', name: 'recurrence engines', run: benchRecurrenceEngines },
  { id: 'calendar', name: 'calendar requests', run: benchCalendarRequests },
  { id: 'dynamodb', name: 'DynamoDB units', run: benchDynamoUnits },
  { id: 'booking', name: 'booking under load', run: benchBookingLoad },
  { id: 'bundles', name: 'bundles', run: benchBundles },
  { id: 'cost', name: 'cost model', run: costModel, needs: ['dynamodb'] },
];

/** The steps `--only=a,b` names, with what they need, in the usual order; every step without it. */
function selectedSteps(argv: readonly string[]): Step[] {
  const only = argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length);
  if (only === undefined) return STEPS;
  const wanted = new Set(only.split(',').map((id) => id.trim()).filter(Boolean));
  const unknown = [...wanted].filter((id) => !STEPS.some((step) => step.id === id));
  if (unknown.length > 0 || wanted.size === 0) {
    console.error(`bench: unknown section ${unknown.join(', ') || '(none given)'}; sections: ${STEPS.map((step) => step.id).join(', ')}`);
    process.exit(2);
  }
  for (const step of STEPS) if (wanted.has(step.id)) for (const need of step.needs ?? []) wanted.add(need);
  return STEPS.filter((step) => wanted.has(step.id));
}

const steps = selectedSteps(process.argv.slice(2));
const history = readHistory();
const previous = previousFigures(history);
const startedAt = new Date();
const sections: SectionResult[] = [];
for (const { name, run: step } of steps) {
  process.stderr.write(`bench: ${name}…\n`);
  const section = await step();
  sections.push(section);
  console.log(`\n## ${section.title}`);
  for (const f of section.figures) console.log(`  ${f.label}: ${f.value}`);
  for (const b of section.budgets) {
    const before = previous[budgetKey(section, b)];
    const was = before === undefined ? '' : `; previous run ${before}${b.unit}, ${changeFrom(before, b.measured)}`;
    console.log(`  [${budgetMet(b) ? 'met' : 'MISSED'}] ${b.name}: ${b.measured}${b.unit} (${b.kind === 'exact' ? '=' : '≤'} ${b.limit}${b.unit}${was})`);
  }
}

const missed = sections.flatMap((s) => s.budgets.filter((b) => !budgetMet(b)).map((b) => `${s.title}: ${b.name}`));
const seconds = (Date.now() - startedAt.getTime()) / 1000;
const machine = `${cpus().length} cores, Node ${process.version}`;
// A partial run (--only) writes no report and no history: both describe whole runs.
const partial = steps.length !== STEPS.length;
if (!partial) {
  mkdirSync('bench', { recursive: true });
  writeFileSync('bench/report.json', `${JSON.stringify({ startedAt: startedAt.toISOString(), seconds, machine, sections, missed }, null, 2)}\n`);
  writeFileSync('bench/report.html', renderHtml(sections, { startedAt: startedAt.toISOString(), seconds, machine }, previous));
  appendRun(history, sections, { startedAt: startedAt.toISOString(), machine });
}
console.log(`\n${missed.length === 0 ? 'All budgets met.' : `${missed.length} budget(s) missed:\n  ${missed.join('\n  ')}`}\n${partial ? 'No report written (--only)' : 'Report: bench/report.json, bench/report.html; run added to bench/history.json'} (${seconds.toFixed(0)} s)`);
process.exit(missed.length === 0 ? 0 : 1);
