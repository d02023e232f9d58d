import { mailSettingsOf } from '../core/domain/mail/mail-settings.js';
import type { MailOutcome } from '../core/ports/mail.js';
import { sendBookingLink } from './link-mail.js';
import { LinkMailRefused } from './mail-errors.js';
import type { MailDeps } from './mail-deps.js';
import type { ProposeReport } from './propose.js';

/** The proposals a run made or finished: the ones whose link is new. */
export function newProposalIds(report: Pick<ProposeReport, 'created' | 'resumed'>): string[] {
  return [...report.created.map((c) => c.proposalId), ...report.resumed];
}

/**
 * "Send the link automatically when proposed": after a proposal run, each proposal it created
 * or finished gets its link email. The message id is the proposal's, so a rerun of the same
 * run (a retried queue message) sends nothing twice. Off by default: mail to someone else goes
 * out only when the user chose so.
 */
export async function mailProposedLinks(deps: MailDeps, userId: string, proposalIds: readonly string[], now: string): Promise<Record<string, MailOutcome>> {
  const settings = await deps.store.profiles.get(userId);
  if (!settings || !mailSettingsOf(settings).autoSendLink) return {};
  const outcomes: Record<string, MailOutcome> = {};
  for (const proposalId of proposalIds) {
    try {
      outcomes[proposalId] = (await sendBookingLink(deps, userId, proposalId, {}, now)).outcome;
    } catch (error) {
      // A proposal closed meanwhile or an address no mail can go to: that one is skipped, the run goes on.
      if (!(error instanceof LinkMailRefused)) throw error;
    }
  }
  return outcomes;
}
