import type { UserSettings } from '../core/domain/settings.js';
import { composeDigestMail, digestHasNews } from '../core/domain/mail/digest-mail.js';
import { composeFollowUpMail, newPeopleMet } from '../core/domain/mail/follow-up-mail.js';
import { digestDue, followUpMailDue } from '../core/domain/mail/mail-schedule.js';
import { followUpPrompts } from '../core/domain/follow-ups.js';
import type { Contact } from '../core/domain/contact.js';
import type { MailOutcome } from '../core/ports/mail.js';
import type { MailDeps } from './mail-deps.js';
import { displayNameOf, userMailbox } from './mail-recipients.js';
import { weeklyReview } from './review.js';
import { unsubscribeUrlFor } from './unsubscribe-tokens.js';

/**
 * The user's own scheduled emails, checked on every sweep (which wakes for their hours): the weekly digest
 * in the local hour they chose, the follow-up email at 08:00 local after meeting new people.
 * The rules are pure (core/domain/mail/mail-schedule.ts); each due message has one id, looked
 * up in the outbox before anything is read to compose it, so the sweeps after the first in
 * that hour cost one read and send nothing. Nothing to say (no news, nobody new) sends nothing.
 */

export interface ScheduledMailReport {
  digest?: MailOutcome | 'nothing-to-say';
  followUp?: MailOutcome | 'nothing-to-say';
}

/** `known`: the user's settings when the caller has just read them (the sweep job), else read here. */
export async function sendScheduledMail(deps: MailDeps, userId: string, now: string, known?: UserSettings): Promise<ScheduledMailReport> {
  const settings = known ?? (await deps.store.profiles.get(userId));
  if (!settings) return {};
  const to = userMailbox(settings);
  if (!to) return {};
  const report: ScheduledMailReport = {};
  const contacts = () => deps.store.contacts.list(userId);
  const unsubscribeFor = (scope: 'digest' | 'follow-up') => unsubscribeUrlFor(deps.baseUrl, deps.signingKey, { userId, email: to.email, scope });

  const digest = digestDue(settings, now);
  if (digest && !(await deps.outbox.get(userId, digest.mailId))) {
    const review = await weeklyReview(deps.store, userId, settings, now);
    const content = { due: review.dueThisWeek, waiting: review.waiting, booked: review.booked.filter((p) => p.booking!.start > now), followUps: followUpPrompts(await contacts(), now).map((p) => p.contact) };
    report.digest = digestHasNews(content)
      ? await deps.mailer.deliver(userId, composeDigestMail({ week: digest.week, zone: settings.timeZone, baseUrl: deps.baseUrl, to, ...content, unsubscribeUrl: unsubscribeFor('digest') }))
      : 'nothing-to-say';
  }

  const followUp = followUpMailDue(settings, now);
  if (followUp && !(await deps.outbox.get(userId, followUp.mailId))) {
    const people = newPeopleMet(await peopleMetBetween(deps, userId, followUp.metFrom, followUp.metTo), followUp.metFrom, followUp.metTo);
    const signature = displayNameOf(settings);
    report.followUp = people.length
      ? await deps.mailer.deliver(userId, composeFollowUpMail({ localDate: followUp.localDate, baseUrl: deps.baseUrl, to, people, ...(signature ? { signature } : {}), unsubscribeUrl: unsubscribeFor('follow-up') }))
      : 'nothing-to-say';
  }
  return report;
}

/**
 * The contacts met in meetings that started in [from, to): everyone whose first meeting did
 * (a contact's first meeting is its `firstMetAt`, core/domain/meeting-history.ts). A day's
 * meetings and their few people, not all 300 contacts (26 read units) on every follow-up check.
 */
async function peopleMetBetween(deps: MailDeps, userId: string, from: string, to: string): Promise<Contact[]> {
  const meetings = await deps.store.meetings.list(userId, { from, to });
  // A replica's copies do: the email only reads them, and a contact a second old says the same.
  return deps.store.contacts.getMany(userId, meetings.flatMap((m) => m.with), { eventual: true });
}
