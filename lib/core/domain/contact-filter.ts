import { effectiveDueAt } from './cadence.js';
import type { Contact } from './contact.js';
import type { TierName } from './settings.js';

/**
 * Which contacts the dashboard's contact list shows: a search on name or address and three
 * filters, all of which must hold. An empty filter keeps everyone, in the order given.
 */

/** "New" means first met this recently: long enough to cover a month of events to triage. */
export const NEW_CONTACT_DAYS = 30;
const DAY_MS = 86_400_000;

export interface ContactFilter {
  /** Words that must each appear in the name or the address (case and accents ignored). */
  search?: string;
  /** Only contacts due at `now` (snoozed, ignored and untiered contacts are never due). */
  due?: boolean;
  /** Only contacts in this tier; `none` for those in no tier. */
  tier?: TierName | 'none';
  /** Only contacts first met in the last NEW_CONTACT_DAYS days. */
  new?: boolean;
}

export function isFiltering(filter: ContactFilter): boolean {
  return searchWords(filter.search).length > 0 || Boolean(filter.due) || filter.tier !== undefined || Boolean(filter.new);
}

export function filterContacts(contacts: readonly Contact[], filter: ContactFilter, now: string): Contact[] {
  const words = searchWords(filter.search);
  const nowMs = Date.parse(now);
  return contacts.filter(
    (c) =>
      (words.length === 0 || matchesWords(c, words)) &&
      (!filter.due || isDue(c, nowMs)) &&
      (filter.tier === undefined || (c.tier ?? 'none') === filter.tier) &&
      (!filter.new || isNew(c, nowMs)),
  );
}

/**
 * Lower case without accents, so "ines" finds "Inês" and "MULLER" finds "Müller": people type
 * names from memory, and the calendar may spell them either way.
 */
function folded(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

function searchWords(search: string | undefined): string[] {
  return search ? folded(search).split(/\s+/).filter(Boolean) : [];
}

function matchesWords(contact: Contact, words: readonly string[]): boolean {
  const haystack = folded(`${contact.name ?? ''} ${contact.email}`);
  return words.every((word) => haystack.includes(word));
}

function isDue(contact: Contact, nowMs: number): boolean {
  const due = effectiveDueAt(contact);
  return due !== null && Date.parse(due) <= nowMs;
}

function isNew(contact: Contact, nowMs: number): boolean {
  if (contact.firstMetAt === undefined) return false;
  const metMs = Date.parse(contact.firstMetAt);
  return metMs <= nowMs && metMs >= nowMs - NEW_CONTACT_DAYS * DAY_MS;
}
