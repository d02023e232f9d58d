import { LinkMailRefused } from './mail-errors.js';
import { isEmailAddress } from '../core/domain/email-address.js';
import { composeLinkMail, defaultLinkMessage, linkMailId } from '../core/domain/mail/link-mail.js';
import type { MailRecord } from '../core/domain/mail.js';
import type { Proposal } from '../core/domain/proposal.js';
import type { UserSettings } from '../core/domain/settings.js';
import type { MailOutcome } from '../core/ports/mail.js';
import type { MailDeps } from './mail-deps.js';
import { displayNameOf, userMailbox } from './mail-recipients.js';
import { loadSettings } from './profile.js';
import { bookingLinkFor } from './propose.js';
import { unsubscribeUrlFor } from './unsubscribe-tokens.js';

/**
 * Sending a proposal's booking link to the contact. One message per proposal: sending again
 * by accident (a double click, a retried run) gives the same id and the mailer sends it once;
 * only an explicit "send again" makes a new message (`link.<proposal>.2`, …).
 */


/** Resends beyond this are refused: a link mailed this often is not reaching anyone. */
const MAX_SENDS = 10;

export interface LinkMailState {
  /** How many link messages this proposal has (0: never sent). */
  sends: number;
  /** The latest one's outbox record. */
  latest: MailRecord | null;
}

export async function linkMailState(deps: Pick<MailDeps, 'outbox'>, userId: string, proposalId: string): Promise<LinkMailState> {
  let latest: MailRecord | null = null;
  let sends = 0;
  while (sends < MAX_SENDS) {
    const record = await deps.outbox.get(userId, linkMailId(proposalId, sends + 1));
    if (!record) break;
    latest = record;
    sends += 1;
  }
  return { sends, latest };
}

/** What the dashboard shows of a proposal's link email. */
export interface LinkMailView extends LinkMailState {
  /** The text the form starts with. */
  draft: string;
}

/** The link-email state of each open proposal, for the dashboard. */
export async function linkMailViews(outbox: MailDeps['outbox'], userId: string, settings: UserSettings, proposals: readonly Proposal[]): Promise<Map<string, LinkMailView>> {
  const open = proposals.filter((p) => p.status === 'open');
  const states = await Promise.all(open.map((p) => linkMailState({ outbox }, userId, p.id)));
  return new Map(open.map((p, i) => [p.id, { ...states[i]!, draft: linkMessageDraft(settings, p) }]));
}

/** The text the "Send link" form starts with. */
export function linkMessageDraft(settings: UserSettings, proposal: Proposal): string {
  return defaultLinkMessage(proposal.contactName, displayNameOf(settings));
}

export interface SendLinkOptions {
  /** The user's edited text; the default draft when absent. */
  message?: string;
  /** A deliberate new message after one was already sent. */
  resend?: boolean;
}

export async function sendBookingLink(deps: MailDeps, userId: string, proposalId: string, options: SendLinkOptions, now: string): Promise<{ outcome: MailOutcome; mailId: string }> {
  const settings = await loadSettings(deps.store, userId);
  const proposal = await deps.store.proposals.get(userId, proposalId);
  if (!proposal) throw new LinkMailRefused('unknown-proposal', 'There is no such coffee proposal.');
  if (proposal.status !== 'open' || proposal.expiresAt <= now) throw new LinkMailRefused('not-open', 'This proposal is no longer open, so its link cannot be sent.');
  if (!isEmailAddress(proposal.contactEmail)) throw new LinkMailRefused('bad-address', `${proposal.contactEmail} is not an address Rapport can email.`);
  const host = userMailbox(settings);
  if (!host) throw new LinkMailRefused('bad-address', 'Add your own email address in Settings first: the email says whom it comes from.');
  const state = await linkMailState(deps, userId, proposalId);
  if (options.resend && state.sends >= MAX_SENDS) throw new LinkMailRefused('not-open', `This link has been emailed ${MAX_SENDS} times already.`);
  const sendNumber = options.resend && state.sends > 0 ? state.sends + 1 : Math.max(state.sends, 1);
  const message = composeLinkMail({
    proposalId,
    sendNumber,
    to: { email: proposal.contactEmail, ...(proposal.contactName ? { name: proposal.contactName } : {}) },
    host,
    slots: proposal.slots,
    // Rapport does not know the contact's zone before they open the link: the host's, named.
    zone: settings.timeZone,
    link: bookingLinkFor(deps, userId, proposalId),
    message: options.message ?? linkMessageDraft(settings, proposal),
    unsubscribeUrl: unsubscribeUrlFor(deps.baseUrl, deps.signingKey, { userId, email: proposal.contactEmail, scope: 'booking-link' }),
  });
  return { outcome: await deps.mailer.deliver(userId, message), mailId: message.id };
}
