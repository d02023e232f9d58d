import type { MailRecord, MailStatus } from '../../core/domain/mail.js';
import { formatLocal } from '../../core/domain/time.js';
import { html, type SafeHtml } from './html.js';
import { page } from './layout.js';

/**
 * The outbox page: every message Rapport recorded for the user, newest first, with where it
 * stands and why a failed one failed. Each message is shown as text (its HTML body is never
 * rendered as markup: a guest's name in it stays text) with its `.eml` to download.
 */

/** Said wherever mail would be sent but no transport is configured. */
export const OUTBOX_ONLY = 'kept in the outbox: set RAPPORT_SMTP_URL to send';

const STATUS_WORDS: Record<MailStatus, string> = {
  pending: 'sending',
  sent: 'sent',
  kept: 'kept in the outbox',
  failed: 'failed',
  suppressed: 'not sent (address opted out or bounced)',
};

function statusOf(record: MailRecord, zone: string): SafeHtml {
  if (record.status === 'failed' && record.retryAt) return html`failed, trying again ${formatLocal(record.retryAt, zone)}`;
  if (record.status === 'sent' && record.sentAt) return html`sent ${formatLocal(record.sentAt, zone)}`;
  return html`${STATUS_WORDS[record.status]}`;
}

function messageBlock(record: MailRecord, zone: string): SafeHtml {
  const { message } = record;
  const href = `/app/outbox/${encodeURIComponent(message.id)}.eml`;
  return html`<article class="mail" aria-labelledby="m-${message.id}">
<h3 id="m-${message.id}">${message.subject}</h3>
<p><strong>${statusOf(record, zone)}</strong> · to ${message.to.name ? html`${message.to.name} <span class="muted">${message.to.email}</span>` : message.to.email} · ${formatLocal(record.createdAt, zone)}${
    message.calendar ? html` · calendar ${message.calendar.method === 'CANCEL' ? 'cancellation' : 'invitation'}` : ''
  }</p>
${record.lastError ? html`<p role="status">Last error: ${record.lastError}</p>` : ''}
<details><summary>Read the message</summary><pre>${message.text}</pre></details>
<p><a href="${href}" download>Download .eml</a></p></article>`;
}

export function renderOutbox(records: MailRecord[], options: { sends: boolean; timeZone: string }): SafeHtml {
  const body = html`<h1>Outbox</h1>
<p class="muted">Invitations, alerts and other mail Rapport made for you, newest first · times in ${options.timeZone}</p>
${options.sends ? '' : html`<p role="note">Nothing is emailed: messages are ${OUTBOX_ONLY}.</p>`}
${records.length ? records.map((r) => messageBlock(r, options.timeZone)) : html`<p class="muted">No messages yet: they appear here when someone books a coffee.</p>`}`;
  return page({ title: 'Outbox', body, nav: html`<nav aria-label="Sections"><a href="/app">Dashboard</a><a href="/app/settings">Settings</a></nav>` });
}
