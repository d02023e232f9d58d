import type { Contact } from '../contact.js';
import type { MailAddress, MailMessage } from '../mail.js';
import type { Proposal } from '../proposal.js';
import { contactPageUrl, dashboardUrl, reviewUrl } from './dashboard-links.js';
import { escapeHtmlText, linkHtml, mailDocument, oneLine, unsubscribeFooter } from './mail-text.js';
import { localDay, namedZoneTime } from './mail-times.js';

/**
 * The weekly digest to the user: the review, in the inbox, at the hour they chose. Four short
 * lists, each person a link to their page; names are untrusted text (escaped, one line, cut).
 */

export interface DigestInput {
  /** ISO week in the user's zone, e.g. `2026-W49`: the message id. */
  week: string;
  zone: string;
  baseUrl: string;
  to: MailAddress;
  due: readonly Contact[];
  waiting: readonly Proposal[];
  booked: readonly Proposal[];
  followUps: readonly Contact[];
  unsubscribeUrl?: string;
}

/** Past this, a list says "and N more" and links to the dashboard: a digest is read in a minute. */
const ITEMS_PER_SECTION = 15;

interface Item {
  label: string;
  detail: string;
  url: string;
}

interface Section {
  title: string;
  items: Item[];
  moreUrl: string;
}

function who(email: string, name: string | undefined): string {
  return name ? `${oneLine(name, 80)} (${email})` : email;
}

function sectionsOf(input: DigestInput): Section[] {
  const { baseUrl, zone } = input;
  const contactItem = (c: Contact, detail: string): Item => ({ label: who(c.email, c.name), detail, url: contactPageUrl(baseUrl, c.email) });
  return [
    {
      title: 'Due this week',
      items: input.due.map((c) => contactItem(c, c.nextDueAt ? `due ${localDay(c.nextDueAt, zone)}` : 'due')),
      moreUrl: dashboardUrl(baseUrl, 'due'),
    },
    {
      title: 'Proposals waiting for an answer',
      items: input.waiting.map((p) => ({ label: who(p.contactEmail, p.contactName), detail: `link open until ${localDay(p.expiresAt, zone)}`, url: dashboardUrl(baseUrl, 'proposals') })),
      moreUrl: dashboardUrl(baseUrl, 'proposals'),
    },
    {
      title: 'Coffees booked',
      items: input.booked.map((p) => ({ label: who(p.contactEmail, p.booking?.guestName ?? p.contactName), detail: p.booking ? namedZoneTime(p.booking.start, zone) : '', url: contactPageUrl(baseUrl, p.contactEmail) })),
      moreUrl: dashboardUrl(baseUrl, 'proposals'),
    },
    {
      title: 'Follow up with',
      items: input.followUps.map((c) => contactItem(c, c.firstMetAtTitle ? `met at ${oneLine(c.firstMetAtTitle, 80)}` : 'met recently')),
      moreUrl: dashboardUrl(baseUrl, 'follow-ups'),
    },
  ];
}

/** True when the digest would say something: an empty week sends nothing. */
export function digestHasNews(input: Pick<DigestInput, 'due' | 'waiting' | 'booked' | 'followUps'>): boolean {
  return input.due.length + input.waiting.length + input.booked.length + input.followUps.length > 0;
}

function sectionText(section: Section): string[] {
  if (section.items.length === 0) return [];
  const shown = section.items.slice(0, ITEMS_PER_SECTION);
  const more = section.items.length - shown.length;
  return [
    `${section.title} (${section.items.length}):`,
    ...shown.map((i) => `  - ${i.label}${i.detail ? `, ${i.detail}` : ''}: ${i.url}`),
    ...(more > 0 ? [`  … and ${more} more: ${section.moreUrl}`] : []),
    '',
  ];
}

function sectionHtml(section: Section): string {
  if (section.items.length === 0) return '';
  const shown = section.items.slice(0, ITEMS_PER_SECTION);
  const more = section.items.length - shown.length;
  const items = shown.map((i) => `<li dir="auto">${linkHtml(i.url, i.label)}${i.detail ? `, ${escapeHtmlText(i.detail)}` : ''}</li>`);
  if (more > 0) items.push(`<li>${linkHtml(section.moreUrl, `and ${more} more`)}</li>`);
  return `<h2>${escapeHtmlText(section.title)} (${section.items.length})</h2>\n<ul>${items.join('\n')}</ul>`;
}

export function composeDigestMail(input: DigestInput): MailMessage {
  const sections = sectionsOf(input);
  const counts = `${input.due.length} due, ${input.waiting.length} waiting, ${input.booked.length} booked, ${input.followUps.length} to follow up`;
  const subject = oneLine(`Your week in Rapport: ${counts}`);
  const footer = unsubscribeFooter(input.unsubscribeUrl);
  const text = [
    `Your weekly review (${input.week}, times in ${input.zone}).`,
    '',
    ...sections.flatMap(sectionText),
    `The whole review: ${reviewUrl(input.baseUrl)}`,
  ].join('\n');
  const html = mailDocument(
    subject,
    [
      `<p>Your weekly review (${escapeHtmlText(input.week)}, times in ${escapeHtmlText(input.zone)}).</p>`,
      ...sections.map(sectionHtml).filter(Boolean),
      `<p>${linkHtml(reviewUrl(input.baseUrl), 'Open the whole review')}</p>`,
      footer.html,
    ].join('\n'),
  );
  return {
    id: `digest.${input.week}`,
    kind: 'digest',
    to: input.to,
    subject,
    text: text + footer.text,
    html,
    ...(input.unsubscribeUrl ? { unsubscribeUrl: input.unsubscribeUrl } : {}),
  };
}
