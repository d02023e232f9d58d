import type { FollowUpPrompt } from '../../core/domain/cadence.js';
import { followUpDraft, mailtoUrlOf } from '../../core/domain/follow-up-draft.js';
import { TIER_NAMES } from '../../core/domain/settings.js';
import { formatLocal } from '../../core/domain/time.js';
import { html, type SafeHtml } from './html.js';

/**
 * The follow-up list: each person just met, with an editable draft, "Send follow-up" (a
 * `mailto:` link) and "Copy draft", and for people from a networking event (no tier yet)
 * one button per tier and "Dismiss".
 *
 * Why a link and not a form that marks done and redirects to `mailto:`: the dashboard's CSP
 * has `form-action 'self'`, which browsers also apply to a form's redirect, so a POST answered
 * with a redirect to `mailto:` would be blocked. So "Send follow-up" is a real `mailto:` link
 * (it works with scripts off, and "Mark done" sits next to it), and the page's small script
 * submits the item's "Mark done" form once the link has handed the draft to the mail app: one
 * click opens the draft and marks the follow-up done.
 */

export interface FollowUpContext {
  csrfToken: string;
  timeZone: string;
}

function followUpForm(ctx: FollowUpContext, email: string, action: string, label: string, options: { tier?: string; secondary?: boolean; done?: boolean } = {}): SafeHtml {
  return html`<form class="inline" method="post" action="/app/follow-ups/${encodeURIComponent(email)}"${options.done ? html` data-done` : ''}>
<input type="hidden" name="csrf" value="${ctx.csrfToken}"><input type="hidden" name="action" value="${action}">${
    options.tier ? html`<input type="hidden" name="tier" value="${options.tier}">` : ''
  }<button type="submit"${options.secondary ? html` class="secondary"` : ''}>${label}</button></form>`;
}

function followUpItem(prompt: FollowUpPrompt, index: number, ctx: FollowUpContext): SafeHtml {
  const c = prompt.contact;
  const draft = followUpDraft(c);
  const draftId = `draft-${index}`;
  const name = c.name ?? c.email;
  const triage = c.tier === null
    ? html`<p class="inline-actions">${TIER_NAMES.map((tier) => followUpForm(ctx, c.email, 'add-to-tier', `Add to ${tier}`, { tier, secondary: true }))}${followUpForm(ctx, c.email, 'dismiss', 'Dismiss', { secondary: true })}</p>`
    : '';
  return html`<li class="card" data-follow-up="${c.email}">
<a href="/app/contacts/${encodeURIComponent(c.email)}">${c.name ? html`<strong>${c.name}</strong> <span class="muted">${c.email}</span>` : html`<strong>${c.email}</strong>`}</a>
— first met ${formatLocal(c.firstMetAt ?? prompt.followUpBy, ctx.timeZone)}${c.firstMetAtTitle ? html` at <em>${c.firstMetAtTitle}</em>` : ''}. Follow up by ${formatLocal(prompt.followUpBy, ctx.timeZone)}.
<details><summary>Draft to ${name}</summary>
<label for="${draftId}" class="visually-hidden">Follow-up draft to ${name}</label>
<textarea id="${draftId}" rows="7" cols="60" data-draft data-subject="${draft.subject}">${draft.body}</textarea></details>
<p class="inline-actions"><a class="button" href="${mailtoUrlOf(draft)}" data-send data-to="${draft.to}">Send follow-up to ${name}</a>
<button type="button" class="secondary" data-copy="${draftId}">Copy draft</button>
${followUpForm(ctx, c.email, 'done', 'Mark done', { secondary: true, done: true })}<span aria-live="polite" data-status></span></p>
${triage}</li>`;
}

export function followUpSection(prompts: readonly FollowUpPrompt[], ctx: FollowUpContext): SafeHtml {
  const items = prompts.map((p, i) => followUpItem(p, i, ctx));
  return html`<section aria-labelledby="follow-ups"><h2 id="follow-ups">Follow up with people you just met</h2>
${items.length ? html`<ul class="plain">${items}</ul>` : html`<p class="muted">Nobody new in the last two days.</p>`}</section>`;
}

/**
 * The follow-up list's script (allowed by the page's CSP nonce). It keeps the mailto link in
 * step with an edited draft, copies the draft, and marks a follow-up done after its link was
 * used. A constant: it reads everything from the page, so no data is ever written into it.
 */
export const FOLLOW_UP_SCRIPT = `
for (const item of document.querySelectorAll('[data-follow-up]')) {
  const draft = item.querySelector('textarea[data-draft]');
  const send = item.querySelector('a[data-send]');
  const copy = item.querySelector('button[data-copy]');
  const done = item.querySelector('form[data-done]');
  const status = item.querySelector('[data-status]');
  const mailto = () => 'mailto:' + encodeURIComponent(send.dataset.to).replace(/%40/g, '@') +
    '?subject=' + encodeURIComponent(draft.dataset.subject) + '&body=' + encodeURIComponent(draft.value.replace(/\\r?\\n/g, '\\r\\n'));
  draft.addEventListener('input', () => { send.href = mailto(); });
  send.addEventListener('click', () => {
    send.href = mailto();
    status.textContent = 'Opening your mail app…';
    // After the mail app has the draft: the mailto navigation must start before the page moves on.
    setTimeout(() => done.requestSubmit(), 400);
  });
  copy.addEventListener('click', async () => {
    try {
      // A browser that neither grants nor refuses clipboard access would leave the button mute.
      const copied = await Promise.race([
        navigator.clipboard.writeText(draft.value).then(() => true),
        new Promise((resolve) => setTimeout(() => resolve(false), 1000)),
      ]);
      if (!copied) throw new Error('no clipboard answer');
      status.textContent = 'Draft copied.';
    } catch {
      item.querySelector('details').open = true;
      draft.select();
      status.textContent = 'Draft selected: press Ctrl+C (or Cmd+C) to copy it.';
    }
  });
}
`;
