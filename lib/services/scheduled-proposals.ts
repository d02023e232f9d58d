import type { Runtime } from '../runtime/runtime.js';
import { bookingDepsOf, mailDepsOf } from './deps.js';
import { mailProposedLinks, newProposalIds } from './proposal-links.js';
import { proposeForUser, type ProposeReport } from './propose.js';

/**
 * The morning proposal run of one user, from the hourly tick's message: propose, then re-place
 * the user for the next morning (DST moves that hour). Undefined when the user left between the
 * tick and now: nothing to do, nothing to retry.
 */
export async function proposeOnSchedule(runtime: Runtime, userId: string, hour: number): Promise<ProposeReport | undefined> {
  const settings = await runtime.store.profiles.get(userId);
  if (!settings) return undefined;
  const report = await proposeForUser(bookingDepsOf(runtime), userId, runtime.now());
  await mailProposedLinks(mailDepsOf(runtime), userId, newProposalIds(report), runtime.now());
  await runtime.store.schedule.reschedule(userId, settings, hour);
  return report;
}
