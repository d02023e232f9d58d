import type { ContactFilter } from '../../core/domain/contact-filter.js';
import { TIER_NAMES, type TierName } from '../../core/domain/settings.js';

/**
 * The contact list's search and filters, read from the dashboard's query string (a GET form,
 * so it works without JavaScript and the URL can be bookmarked).
 *
 * A value we cannot use is ignored and named in a note on the page, rather than answered
 * with a 400: this is a read-only page, the values only come from our own form or a URL a
 * person kept (a bookmark from before a tier was renamed, a link typed by hand), and showing
 * the dashboard with everything else applied is more useful than showing nothing. The note
 * says exactly what was ignored, so nothing is silently reinterpreted.
 */

export const SEARCH_MAX_CHARS = 100;
/** Ignored values are quoted back in the note, cut short so a long one cannot flood the page. */
const QUOTE_MAX_CHARS = 40;

export interface ContactFilterInput {
  filter: ContactFilter;
  /** One sentence per value that was ignored, for the page to show. */
  ignored: string[];
}

type Query = Readonly<Record<string, string | undefined>> | undefined;

export function contactFilterFromQuery(query: Query): ContactFilterInput {
  const filter: ContactFilter = {};
  const ignored: string[] = [];
  const search = readSearch(query?.q);
  if (typeof search === 'string') filter.search = search;
  else if (search) ignored.push(search.ignored);
  const tier = readTier(query?.tier);
  if (typeof tier === 'string') filter.tier = tier;
  else if (tier) ignored.push(tier.ignored);
  for (const name of ['due', 'new'] as const) {
    const flag = readFlag(name, query?.[name]);
    if (flag === true) filter[name] = true;
    else if (flag) ignored.push(flag.ignored);
  }
  return { filter, ignored };
}

type Reading<T> = T | undefined | { ignored: string };

function quoted(value: string): string {
  const short = value.length > QUOTE_MAX_CHARS ? `${value.slice(0, QUOTE_MAX_CHARS)}…` : value;
  return `“${short}”`;
}

function readSearch(raw: string | undefined): Reading<string> {
  const search = raw?.replace(/\s+/g, ' ').trim();
  if (!search) return undefined;
  if (search.length > SEARCH_MAX_CHARS) return { ignored: `The search was ignored: it is longer than ${SEARCH_MAX_CHARS} characters.` };
  return search;
}

function readTier(raw: string | undefined): Reading<TierName | 'none'> {
  if (raw === undefined || raw === '') return undefined;
  if (raw === 'none' || (TIER_NAMES as readonly string[]).includes(raw)) return raw as TierName | 'none';
  return { ignored: `The tier ${quoted(raw)} was ignored: choose ${TIER_NAMES.join(', ')} or “no tier”.` };
}

/** A checkbox sends `1` when ticked and nothing otherwise; `on` is what a box without a value sends. */
function readFlag(name: string, raw: string | undefined): Reading<true> {
  if (raw === undefined || raw === '') return undefined;
  if (raw === '1' || raw === 'on') return true;
  return { ignored: `The filter ${name}=${quoted(raw)} was ignored: it is a box to tick (${name}=1).` };
}
