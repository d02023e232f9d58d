import { mailSettingsOf } from '../core/domain/mail/mail-settings.js';
import type { MailOutcome } from '../core/ports/mail.js';
import { LinkMailRefused, sendBookingLink } from './link-mail.js';
import type { MailDeps } from './mail-deps.js';
import type { ProposeReport } from './propose.js';

/**
 * "Send the link automatically when proposed": after a proposal run, each proposal it created
 * or finished gets its link email. The message id is the proposal's, so a rerun of the same
 * run (a retried queue message) sends nothing twice. Off by default: mail to someone else goes
 * out only when the user chose so.
 */
export async function mailProposedLinks(deps: MailDeps, userId: string, report: Pick<ProposeReport, 'created' | 'resumed'>, now: string): Promise<Record<string, MailOutcome>> {
  const settings = await deps.store.profiles.get(userId);
  if (!settings || !mailSettingsOf(settings).autoSendLink) return {};
  const outcomes: Record<string, MailOutcome> = {};
  for (const proposalId of [...report.created.map((c) => c.proposalId), ...report.resumed]) {
    try {
      outcomes[proposalId] = (await sendBookingLink(deps, userId, proposalId, {}, now)).outcome;
    } catch (error) {
      // A proposal closed meanwhile or an address no mail can go to: that one is skipped, the run goes on.
      if (!(error instanceof LinkMailRefused)) throw error;
    }
  }
  return outcomes;
}
