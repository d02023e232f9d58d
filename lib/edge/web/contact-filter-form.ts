import { NEW_CONTACT_DAYS, type ContactFilter } from '../../core/domain/contact-filter.js';
import { TIER_NAMES } from '../../core/domain/settings.js';
import { SEARCH_MAX_CHARS } from './contact-filter-input.js';
import { html, type SafeHtml } from './html.js';

/**
 * The contact list's search box and filters: a GET form (no JavaScript needed, the state is in
 * the URL) that shows the state it was sent with, so a person sees what the list is narrowed by
 * and can change one thing at a time. It lands back on the list (`#contacts`).
 */

function tierSelect(tier: ContactFilter['tier']): SafeHtml {
  const choices: readonly (readonly [string, string])[] = [['', 'any tier'], ...TIER_NAMES.map((t) => [t, t] as const), ['none', 'no tier']];
  const options = choices.map(([value, label]) => html`<option value="${value}"${(tier ?? '') === value ? html` selected` : ''}>${label}</option>`);
  return html`<select id="filter-tier" name="tier">${options}</select>`;
}

function checkbox(name: 'due' | 'new', checked: boolean | undefined, label: string): SafeHtml {
  return html`<label class="check"><input type="checkbox" name="${name}" value="1"${checked ? html` checked` : ''}> ${label}</label>`;
}

export function contactFilterForm(filter: ContactFilter, ignored: readonly string[]): SafeHtml {
  const note = ignored.length ? html`<div class="error" id="filter-note"><p>Part of the address was not understood, and the list is shown without it:</p><ul>${ignored.map((i) => html`<li>${i}</li>`)}</ul></div>` : '';
  return html`${note}<form method="get" action="/app#contacts" class="filters" role="search" aria-label="Contacts">
<div><label for="filter-search">Name or address</label><input id="filter-search" name="q" type="search" maxlength="${SEARCH_MAX_CHARS}" value="${filter.search ?? ''}"></div>
<div><label for="filter-tier">Tier</label>${tierSelect(filter.tier)}</div>
<div>${checkbox('due', filter.due, 'Due now')} ${checkbox('new', filter.new, `New (first met in the last ${NEW_CONTACT_DAYS} days)`)}</div>
<div><button type="submit">Show contacts</button> <a href="/app#contacts">Show everyone</a></div>
</form>`;
}
