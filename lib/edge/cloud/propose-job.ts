import type { Runtime } from '../../runtime/runtime.js';
import type { WorkMessageOf } from '../../adapters/queue/messages.js';
import { bookingDepsOf } from '../../services/deps.js';
import { proposeForUser, type ProposeReport } from '../../services/propose.js';
import { proposeOnSchedule } from '../../services/scheduled-proposals.js';
import { countMetric } from './metrics.js';

/** One user's proposal run, with the log line and the metric each run leaves. */

function reportProposals(runtime: Runtime, userId: string, report: ProposeReport): ProposeReport {
  runtime.logger.info('proposals done', { userId, created: report.created.length, expired: report.expired.length, resumed: report.resumed.length });
  countMetric('ProposalsCreated', report.created.length);
  return report;
}

export async function proposeNow(runtime: Runtime, userId: string): Promise<ProposeReport> {
  return reportProposals(runtime, userId, await proposeForUser(bookingDepsOf(runtime), userId, runtime.now()));
}

/** The hourly tick's message: the morning run, and the user re-placed for the next morning. */
export async function proposeScheduled(runtime: Runtime, message: WorkMessageOf<'propose'>): Promise<void> {
  const report = await proposeOnSchedule(runtime, message.userId, message.hour);
  if (!report) return runtime.logger.info('proposal run for a user who is gone', { userId: message.userId });
  reportProposals(runtime, message.userId, report);
}
