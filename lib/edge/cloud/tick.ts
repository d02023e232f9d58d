import { tickHourOf } from '../../core/domain/schedule.js';
import { sqsWorkQueue } from '../../adapters/queue/sqs.js';
import { getRuntime } from '../../runtime/runtime.js';
import { enqueueProposals, enqueueSweeps, type TickReport } from '../../services/tick.js';
import { countMetric } from './metrics.js';

/**
 * The cloud's clock: EventBridge Scheduler invokes it every 15 minutes with
 * `{ "job": "sweep", "scheduledTime": "<aws.scheduler.scheduled-time>" }` and every hour with
 * `"job": "propose"`. It reads the schedule index and enqueues one message per user due; the
 * workers behind the queues do the work. The scheduled time, not the clock, picks the hour,
 * so a late delivery still serves the right users.
 */
export interface TickEvent {
  job: 'sweep' | 'propose';
  scheduledTime: string;
}

export class BadTickEvent extends Error {
  override name = 'BadTickEvent';
}

export async function runTick(event: TickEvent): Promise<TickReport> {
  const runtime = getRuntime();
  const { config } = runtime;
  if (event?.job !== 'sweep' && event?.job !== 'propose') throw new BadTickEvent('the tick needs job "sweep" or "propose"');
  const queueUrl = event.job === 'sweep' ? config.queues.sweep : config.queues.propose;
  if (!queueUrl) throw new Error(`RAPPORT_${event.job.toUpperCase()}_QUEUE_URL is not configured`);
  const deps = { store: runtime.store, logger: runtime.logger, queue: sqsWorkQueue(queueUrl, { region: config.region, endpoint: config.sqsEndpoint }) };
  const report = event.job === 'sweep' ? await enqueueSweeps(deps, tickInstant(runtime.now(), event.scheduledTime)) : await enqueueProposals(deps, tickHourOf(event.scheduledTime));
  countMetric(event.job === 'sweep' ? 'SweepsEnqueued' : 'ProposalRunsEnqueued', report.enqueued);
  runtime.logger.info('tick done', { job: event.job, scheduledTime: event.scheduledTime, enqueued: report.enqueued, ...(report.resting !== undefined && { resting: report.resting }) });
  return report;
}

/**
 * The instant a sweep tick serves: its scheduled time or the clock, whichever is later, so a
 * delivery a moment early still finds the users due at the scheduled quarter hour.
 */
function tickInstant(now: string, scheduledTime: string): string {
  const scheduled = Date.parse(scheduledTime);
  return Number.isNaN(scheduled) || scheduled <= Date.parse(now) ? now : new Date(scheduled).toISOString();
}
