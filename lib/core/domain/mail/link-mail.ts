import type { MailAddress, MailMessage } from '../mail.js';
import { greetingFor } from './greeting.js';
import { bodyText, linkHtml, mailDocument, oneLine, paragraphsHtml, unsubscribeFooter, escapeHtmlText } from './mail-text.js';
import { namedZoneTime } from './mail-times.js';

/**
 * The booking-link email: the user's own words (editable before sending), then, always added by
 * Rapport so they cannot be edited away, the offered times in a named zone and the link. It
 * goes to the contact, so it is built only from what the contact may see: no notes, no other
 * contacts, nothing from the user's calendar but the offered times.
 */

/** The longest message the user may write above the times. */
export const MAX_LINK_MESSAGE_LENGTH = 5_000;

export interface LinkMailInput {
  proposalId: string;
  /** 1 for the first send; a deliberate resend is 2, 3, … and gets its own id. */
  sendNumber: number;
  to: MailAddress;
  /** The host as the contact knows them: display name (untrusted text) and address. */
  host: { name?: string; email: string };
  slots: readonly { start: string }[];
  /** The zone the times are shown in: the contact's when known, else the host's. */
  zone: string;
  link: string;
  /** The user's text (greeting and body); times and link follow it. */
  message: string;
  unsubscribeUrl?: string;
}

/** The message id: one per proposal, and a new one only for a deliberate resend. */
export function linkMailId(proposalId: string, sendNumber: number): string {
  return sendNumber <= 1 ? `link.${proposalId}` : `link.${proposalId}.${sendNumber}`;
}

/** The editable text the form starts with. */
export function defaultLinkMessage(contactName: string | undefined, hostName: string | undefined): string {
  return [
    greetingFor(contactName),
    '',
    'It has been a while. Would you like to catch up over a coffee? Pick whichever of these times suits you best.',
    '',
    'Best,',
    ...(hostName ? [oneLine(hostName, 100)] : []),
  ].join('\n');
}

function hostLabel(host: LinkMailInput['host']): string {
  return host.name ? oneLine(host.name, 100) : host.email;
}

export function composeLinkMail(input: LinkMailInput): MailMessage {
  const host = hostLabel(input.host);
  const message = bodyText(input.message, MAX_LINK_MESSAGE_LENGTH);
  const times = input.slots.map((slot) => namedZoneTime(slot.start, input.zone));
  const subject = oneLine(`Coffee with ${host}? Pick a time`);
  const footer = unsubscribeFooter(input.unsubscribeUrl);
  const text = [
    message,
    '',
    `Times offered (${input.zone}):`,
    ...times.map((t) => `  - ${t}`),
    '',
    `Pick one here: ${input.link}`,
    '',
    `Sent by Rapport on behalf of ${host} <${input.host.email}>.`,
  ].join('\n');
  const html = mailDocument(
    subject,
    [
      paragraphsHtml(message),
      `<p>Times offered (${escapeHtmlText(input.zone)}):</p>`,
      `<ul>${times.map((t) => `<li>${escapeHtmlText(t)}</li>`).join('')}</ul>`,
      `<p>${linkHtml(input.link, 'Pick a time')}</p>`,
      `<p style="font-size: smaller">Sent by Rapport on behalf of ${escapeHtmlText(host)} &lt;${escapeHtmlText(input.host.email)}&gt;.</p>`,
      footer.html,
    ].join('\n'),
  );
  return {
    id: linkMailId(input.proposalId, input.sendNumber),
    kind: 'booking-link',
    to: { email: input.to.email, ...(input.to.name ? { name: oneLine(input.to.name, 100) } : {}) },
    // The contact's answer ("Thursday suits me") goes to the host, not to Rapport's sending address.
    replyTo: { email: input.host.email, ...(input.host.name ? { name: oneLine(input.host.name, 100) } : {}) },
    subject,
    text: text + footer.text,
    html,
    ...(input.unsubscribeUrl ? { unsubscribeUrl: input.unsubscribeUrl } : {}),
  };
}
