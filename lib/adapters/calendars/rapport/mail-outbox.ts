import type { MailMessage } from '../../../core/domain/mail.js';
import { escapeHtmlText, oneLine } from '../../../core/domain/mail/mail-text.js';
import { longWhen } from '../../../core/domain/mail/mail-times.js';
import type { Mailer } from '../../../core/ports/mail.js';
import { serializeCalendar } from '../ics/write.js';
import { InvitationRefused, type InvitationMessage, type InvitationOutbox } from './outbox.js';

/**
 * Rapport's own calendar's invitations as iMIP mail (RFC 6047): the iTIP object (METHOD:REQUEST
 * for a new or moved coffee, METHOD:CANCEL with STATUS:CANCELLED for a cancelled one, same UID,
 * SEQUENCE raised on each change) in a `text/calendar; method=…` part and as an `.ics`
 * attachment, so Gmail, Outlook and Apple Mail show Accept / Decline. The mail id is the event
 * revision and method, so a retry after a crash is the same message, delivered once.
 */

export interface MailOutboxOptions {
  mailer: Mailer;
  userId: string;
  /** The host's zone: the body names it with the time (the guest's calendar app shows their own). */
  timeZone: string;
}

/** `invite.<eventId>.<sequence>.<method>`: one message per revision of a coffee and method. */
export function invitationMailId(eventId: string, sequence: number, method: InvitationMessage['method']): string {
  return `invite.${eventId}.${sequence}.${method}`;
}

export function invitationMail(message: InvitationMessage, timeZone: string): MailMessage {
  const { event, method } = message;
  // The coffee as the guest sees it: the description (the host's private notes) never goes out.
  const { description: _private, ...shared } = event;
  const ics = serializeCalendar({ method, events: [shared] });
  const when = longWhen(event.start, event.end, timeZone);
  const title = oneLine(event.title);
  const cancelled = method === 'CANCEL';
  const subject = oneLine(`${cancelled ? 'Cancelled' : event.sequence > 0 ? 'Moved' : 'Invitation'}: ${title}`);
  const lines = [
    cancelled ? `This coffee was cancelled: ${title}` : event.sequence > 0 ? `This coffee has moved: ${title}` : `You are invited: ${title}`,
    `When: ${when}`,
    ...(event.location ? [`Where: ${oneLine(event.location, 500)}`] : []),
    `Organizer: ${event.organizer.email}`,
    '',
    cancelled ? 'Your calendar app removes it when you open this message.' : 'Your calendar app can add it from this message (Accept / Decline), or from the attached invite.ics.',
  ];
  const html = `<p>${lines.filter(Boolean).map((line) => escapeHtmlText(line)).join('<br>\n')}</p>`;
  return {
    id: invitationMailId(event.id, event.sequence, method),
    kind: 'invitation',
    to: { email: message.to.email, ...(message.to.name ? { name: oneLine(message.to.name) } : {}) },
    replyTo: { email: event.organizer.email, ...(event.organizer.name ? { name: oneLine(event.organizer.name) } : {}) },
    subject,
    text: lines.join('\n'),
    html,
    calendar: { method, ics },
  };
}

export function createMailOutbox(options: MailOutboxOptions): InvitationOutbox {
  return {
    async send(message) {
      if (message.event.kind !== 'coffee') throw new InvitationRefused('only a booked coffee is sent to a guest');
      // Recorded first, then sent; a transport failure is retried by the sweep, so it never undoes the calendar change.
      await options.mailer.deliver(options.userId, invitationMail(message, options.timeZone));
    },
  };
}
