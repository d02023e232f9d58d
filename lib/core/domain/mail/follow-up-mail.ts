import type { Contact } from '../contact.js';
import { followUpDraft, mailtoUrlOf } from '../follow-up-draft.js';
import type { MailAddress, MailMessage } from '../mail.js';
import { contactPageUrl, dashboardUrl } from './dashboard-links.js';
import { escapeHtmlText, linkHtml, mailDocument, oneLine, paragraphsHtml, unsubscribeFooter } from './mail-text.js';

/**
 * The morning email after meeting new people: each person with the same prepared draft the
 * dashboard shows, a link that opens it in the user's mail app, and a link to their page. It
 * goes to the user only; the drafts are what the user may choose to send on.
 */

export interface FollowUpMailInput {
  /** The user's local date of the email (one per day at most): the message id. */
  localDate: string;
  baseUrl: string;
  to: MailAddress;
  people: readonly Contact[];
  /** How the user signs the drafts. */
  signature?: string;
  unsubscribeUrl?: string;
}

/** More new people than this in one day: the rest are on the dashboard. */
const PEOPLE_PER_MAIL = 25;

export function composeFollowUpMail(input: FollowUpMailInput): MailMessage {
  const shown = input.people.slice(0, PEOPLE_PER_MAIL);
  const more = input.people.length - shown.length;
  const subject = oneLine(`Follow up with ${input.people.length === 1 ? 'the person' : `the ${input.people.length} people`} you met yesterday`);
  const footer = unsubscribeFooter(input.unsubscribeUrl);
  const entries = shown.map((contact) => {
    // A title from someone else's calendar can be any length; the draft quotes it in its subject.
    const titled = contact.firstMetAtTitle ? { ...contact, firstMetAtTitle: oneLine(contact.firstMetAtTitle, 120) } : contact;
    const draft = followUpDraft(titled, input.signature ? { signature: oneLine(input.signature, 100) } : {});
    const name = contact.name ? `${oneLine(contact.name, 80)} (${contact.email})` : contact.email;
    const where = contact.firstMetAtTitle ? ` — met at ${oneLine(contact.firstMetAtTitle, 120)}` : '';
    return { contact, draft, name, where, mailto: mailtoUrlOf(draft), page: contactPageUrl(input.baseUrl, contact.email) };
  });
  const text = [
    'Good morning. A short note today keeps the people you just met:',
    '',
    ...entries.flatMap((e) => [`${e.name}${e.where}`, `Subject: ${e.draft.subject}`, '', e.draft.body, '', `Their page: ${e.page}`, '', '----', '']),
    ...(more > 0 ? [`… and ${more} more on the dashboard: ${dashboardUrl(input.baseUrl, 'follow-ups')}`, ''] : []),
    `Mark them done on the dashboard: ${dashboardUrl(input.baseUrl, 'follow-ups')}`,
  ].join('\n');
  const html = mailDocument(
    subject,
    [
      '<p>Good morning. A short note today keeps the people you just met:</p>',
      ...entries.map(
        (e) => `<h2 dir="auto">${escapeHtmlText(e.name)}${escapeHtmlText(e.where)}</h2>
<p><strong>Subject:</strong> <span dir="auto">${escapeHtmlText(e.draft.subject)}</span></p>
<blockquote>${paragraphsHtml(e.draft.body)}</blockquote>
<p>${linkHtml(e.mailto, 'Open this draft in your mail app')} · ${linkHtml(e.page, 'Their page')}</p>`,
      ),
      ...(more > 0 ? [`<p>${linkHtml(dashboardUrl(input.baseUrl, 'follow-ups'), `and ${more} more on the dashboard`)}</p>`] : []),
      `<p>${linkHtml(dashboardUrl(input.baseUrl, 'follow-ups'), 'Mark them done on the dashboard')}</p>`,
      footer.html,
    ].join('\n'),
  );
  return {
    id: `follow-up.${input.localDate}`,
    kind: 'follow-up',
    to: input.to,
    subject,
    text: text + footer.text,
    html,
    ...(input.unsubscribeUrl ? { unsubscribeUrl: input.unsubscribeUrl } : {}),
  };
}

/** The people a follow-up email is about: first met in [from, to), not ignored, not yet followed up; earliest first. */
export function newPeopleMet(contacts: readonly Contact[], from: string, to: string): Contact[] {
  return contacts
    .filter((c) => !c.ignored && c.followUpDoneAt === undefined && c.firstMetAt !== undefined && Date.parse(c.firstMetAt) >= Date.parse(from) && Date.parse(c.firstMetAt) < Date.parse(to))
    .sort((a, b) => Date.parse(a.firstMetAt!) - Date.parse(b.firstMetAt!) || (a.email < b.email ? -1 : 1));
}
