import { mailSettingsOf } from '../core/domain/mail/mail-settings.js';
import type { MailOutcome } from '../core/ports/mail.js';
import { linkMailState, sendBookingLink } from './link-mail.js';
import { LinkMailRefused } from './mail-errors.js';
import type { MailDeps } from './mail-deps.js';
import type { ProposeReport } from './propose.js';

/** The proposals a run made or finished: the ones whose link is new. */
export function newProposalIds(report: Pick<ProposeReport, 'created' | 'resumed'>): string[] {
  return [...report.created.map((c) => c.proposalId), ...report.resumed];
}

/**
 * How far back a run looks for open proposals whose link email a crashed run never sent: past
 * the daily run before it, and not so far that turning the setting on mails old proposals.
 */
const UNMAILED_LOOKBACK_MS = 48 * 60 * 60_000;

/**
 * "Send the link automatically when proposed": after a proposal run, each proposal it created
 * or finished gets its link email, and so does any open proposal of the last two days that
 * has none (a run that crashed between proposing and mailing). The message id is the
 * proposal's, so a rerun (a retried queue message) sends nothing twice. Off by default: mail
 * to someone else goes out only when the user chose so.
 */
export async function mailProposedLinks(deps: MailDeps, userId: string, proposalIds: readonly string[], now: string): Promise<Record<string, MailOutcome>> {
  const settings = await deps.store.profiles.get(userId);
  if (!settings || !mailSettingsOf(settings).autoSendLink) return {};
  const since = Date.parse(now) - UNMAILED_LOOKBACK_MS;
  const recent = (await deps.store.proposals.list(userId)).filter((p) => p.status === 'open' && p.expiresAt > now && Date.parse(p.createdAt) >= since);
  const unmailed: string[] = [];
  for (const proposal of recent) if (!proposalIds.includes(proposal.id) && (await linkMailState(deps, userId, proposal.id)).sends === 0) unmailed.push(proposal.id);
  const outcomes: Record<string, MailOutcome> = {};
  for (const proposalId of [...proposalIds, ...unmailed]) {
    try {
      outcomes[proposalId] = (await sendBookingLink(deps, userId, proposalId, {}, now)).outcome;
    } catch (error) {
      // A proposal closed meanwhile or an address no mail can go to: that one is skipped, the run goes on.
      if (!(error instanceof LinkMailRefused)) throw error;
    }
  }
  return outcomes;
}
