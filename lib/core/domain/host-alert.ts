import type { MailMessage } from './mail.js';
import { escapeHtmlText, oneLine } from './mail/mail-text.js';
import { longWhen, shortWhen } from './mail/mail-times.js';

/**
 * The short note the host gets when a guest books, moves or cancels a coffee ("Jane booked
 * Thu 26 Nov 10:30", in the host's zone). One per revision of the booking: the id is
 * `alert.<proposalId>.<revision>`, so the step that sends it can run again after a crash.
 */

export type BookingChange = 'booked' | 'moved' | 'cancelled';

export interface HostAlertInput {
  proposalId: string;
  revision: number;
  change: BookingChange;
  guest: { email: string; name?: string };
  host: { email: string; name?: string };
  start: string;
  end: string;
  timeZone: string;
  location?: string;
}

export function hostAlertId(proposalId: string, revision: number): string {
  return `alert.${proposalId}.${revision}`;
}

const VERB: Record<BookingChange, string> = { booked: 'booked', moved: 'moved your coffee to', cancelled: 'cancelled' };

export function hostAlertMail(input: HostAlertInput): MailMessage {
  const who = oneLine(input.guest.name ?? input.guest.email, 80);
  const subject = oneLine(`${who} ${VERB[input.change]} ${shortWhen(input.start, input.timeZone)}`);
  const lines = [
    `${who} (${input.guest.email}) ${VERB[input.change]} ${longWhen(input.start, input.end, input.timeZone)}.`,
    ...(input.location && input.change !== 'cancelled' ? [`Where: ${oneLine(input.location, 500)}`] : []),
    input.change === 'cancelled' ? 'The coffee is off your calendar; the contact can be offered new times.' : 'It is on your calendar.',
  ];
  return {
    id: hostAlertId(input.proposalId, input.revision),
    kind: 'host-alert',
    to: { email: input.host.email, ...(input.host.name ? { name: oneLine(input.host.name) } : {}) },
    subject,
    text: lines.join('\n'),
    html: `<p>${lines.map((line) => escapeHtmlText(line)).join('<br>\n')}</p>`,
  };
}
