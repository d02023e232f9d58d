import { recordMeetings } from '../lib/core/domain/cadence.js';
import { followUpPrompts } from '../lib/core/domain/follow-ups.js';
import { inferMeetings, meetingsFromVerdicts } from '../lib/core/domain/inference.js';
import { round, type SectionResult } from './report.js';
import { cpuRuns, median, percentile } from './stats.js';
import { BENCH_NOW, offeredSlots, SETTINGS, TYPICAL, typicalContacts, weekOfEvents } from './workload.js';

/**
 * Section 4: CPU per user, I/O excluded: inference + cadence over a week of events (what a
 * sync recomputes), and the proposal run's own work (free slots for each due contact).
 */

const RUNS = 200;

export async function benchDomainCpu(): Promise<SectionResult> {
  const events = Array.from({ length: TYPICAL.calendars }, (_, c) => weekOfEvents(BENCH_NOW, 100 + c)).flat();
  const contacts = new Map(typicalContacts(BENCH_NOW).map((c) => [c.email, c]));
  const sync = await cpuRuns(() => {
    const verdicts = inferMeetings(events, SETTINGS, BENCH_NOW);
    const meetings = meetingsFromVerdicts(verdicts);
    const changed = recordMeetings(contacts, meetings, SETTINGS);
    followUpPrompts([...contacts.values(), ...changed], BENCH_NOW);
  }, RUNS);

  const coffee = SETTINGS.coffee!;
  const busy = events.map((e) => ({ start: e.start, end: e.end }));
  const propose = await cpuRuns(() => {
    const taken = [...busy];
    for (let contact = 0; contact < 3; contact++) taken.push(...offeredSlots(taken, coffee.horizonDays));
  }, RUNS);

  return {
    id: 'cpu',
    title: 'CPU per user, excluding I/O',
    figures: [
      { label: `sync: inference + cadence, ${events.length} events (1 week, ${TYPICAL.calendars} calendars), ${TYPICAL.contacts} contacts`, value: `median ${round(median(sync), 3)} ms, p95 ${round(percentile(sync, 95), 3)} ms` },
      { label: 'proposal run: free slots for 3 due contacts', value: `median ${round(median(propose), 3)} ms, p95 ${round(percentile(propose, 95), 3)} ms` },
    ],
    budgets: [
      { name: 'sync CPU per user (median)', measured: round(median(sync), 3), limit: 20, unit: 'ms', kind: 'max' },
      { name: 'proposal CPU per user (median)', measured: round(median(propose), 3), limit: 20, unit: 'ms', kind: 'max' },
    ],
  };
}
