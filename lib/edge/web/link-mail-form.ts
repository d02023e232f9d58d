import type { MailRecord } from '../../core/domain/mail.js';
import { formatLocal } from '../../core/domain/time.js';
import type { Proposal } from '../../core/domain/proposal.js';
import type { LinkMailView } from '../../services/link-mail.js';
import { html, type SafeHtml } from './html.js';

/**
 * "Send link" on an open proposal: the email's editable text (Rapport adds the times and the
 * link below it), and what became of the last send. Sent only by this POST form, with the
 * dashboard's CSRF token.
 */


function statusLine(latest: MailRecord | null, zone: string): SafeHtml | string {
  if (!latest) return '';
  const text =
    latest.status === 'sent' ? `Emailed ${formatLocal(latest.sentAt ?? latest.createdAt, zone)}.`
    : latest.status === 'kept' ? 'Kept in the outbox: set RAPPORT_SMTP_URL to send it.'
    : latest.status === 'pending' ? 'Being sent.'
    : latest.status === 'failed' ? `Not sent: ${latest.lastError ?? 'the mail server refused it'}.${latest.retryAt ? ` Trying again ${formatLocal(latest.retryAt, zone)}.` : ''}`
    : `Not sent: ${latest.message.to.email} opted out of email from you.`;
  return html`<p class="muted" data-link-mail="${latest.status}" role="status">${text}</p>`;
}

export function linkMailForm(proposal: Proposal, view: LinkMailView | undefined, csrfToken: string, zone: string): SafeHtml | string {
  if (!view || proposal.status !== 'open') return '';
  const id = `link-message-${proposal.id}`;
  const again = view.sends > 0;
  return html`${statusLine(view.latest, zone)}<details><summary>${again ? 'Send the link again by email' : 'Send the link by email'}</summary>
<form method="post" action="/app/proposals/${proposal.id}/send-link"><input type="hidden" name="csrf" value="${csrfToken}">${again ? html`<input type="hidden" name="resend" value="1">` : ''}
<label for="${id}">Your message to ${proposal.contactName ?? proposal.contactEmail} (the times and the link are added below it)</label><br>
<textarea id="${id}" name="message" rows="7" cols="60" maxlength="5000">${view.draft}</textarea><br>
<button type="submit">${again ? 'Send again' : 'Send link'}</button></form></details>`;
}
