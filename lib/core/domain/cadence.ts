import { canonicalJsonOf, compareText } from './canonical-json.js';
import type { Contact, Meeting } from './contact.js';
import { applyMeetings, meetingsByPerson, newContact, replayMeetings } from './meeting-history.js';
import type { TierName, UserSettings } from './settings.js';

/**
 * When someone is due (DESIGN §3). A contact is due `cadence` days after the last small
 * meeting (or, before any, after the first time the user met them), later if snoozed, never
 * if ignored or not in a tier. Days are 24-hour UTC periods: the due instant only orders
 * the queue, and proposals find slots in the user's own zone anyway, so DST does not matter.
 */

export { followUpPrompts, DEFAULT_FOLLOW_UP_WINDOW_DAYS, type FollowUpPrompt, type FollowUpOptions } from './follow-ups.js';

const DAY_MS = 86_400_000;

export class InvalidCadence extends Error {
  override name = 'InvalidCadence';
  constructor(readonly days: number) {
    super(`A cadence is a whole number of days, at least 1 (got ${days}).`);
  }
}

/**
 * When a tracked contact is really due: the later of `nextDueAt` and the end of a snooze.
 * Null when the contact is not tracked (ignored, no tier, or nothing to be due from).
 * The store indexes contacts by this value, so the due list never needs a scan.
 */
export function effectiveDueAt(contact: Pick<Contact, 'ignored' | 'tier' | 'nextDueAt' | 'snoozedUntil'>): string | null {
  if (contact.ignored || contact.tier === null || contact.nextDueAt === null) return null;
  const snooze = contact.snoozedUntil;
  return snooze && snooze > contact.nextDueAt ? snooze : contact.nextDueAt;
}

/** The contact's own cadence if set, else their tier's; null when they are in no tier (untracked). */
export function cadenceDaysOf(contact: Pick<Contact, 'tier' | 'cadenceDays'>, settings: Pick<UserSettings, 'tierCadenceDays'>): number | null {
  if (contact.tier === null) return null;
  return contact.cadenceDays ?? settings.tierCadenceDays[contact.tier];
}

export function nextDueAtOf(
  contact: Pick<Contact, 'tier' | 'cadenceDays' | 'ignored' | 'lastMetAt' | 'firstMetAt'>,
  settings: Pick<UserSettings, 'tierCadenceDays'>,
): string | null {
  const days = cadenceDaysOf(contact, settings);
  const from = contact.lastMetAt ?? contact.firstMetAt;
  if (contact.ignored || days === null || from === undefined) return null;
  return new Date(Date.parse(from) + days * DAY_MS).toISOString();
}

/**
 * Records meetings on the people in them and returns only the contacts that changed (new or
 * different), in email order. Recording the same meetings again returns nothing. Never touches
 * the user's choices: snooze, ignore, follow-up done, cadence override.
 */
export function recordMeetings(existing: ReadonlyMap<string, Contact>, meetings: readonly Meeting[], settings: UserSettings): Contact[] {
  const changed: Contact[] = [];
  for (const [email, theirs] of meetingsByPerson(meetings)) {
    const before = existing.get(email);
    const after = withNextDue(applyMeetings(before ?? newContact(email), theirs, settings), settings);
    if (!before || canonicalJsonOf(before) !== canonicalJsonOf(after)) changed.push(after);
  }
  return changed.sort((a, b) => compareText(a.email, b.email));
}

/**
 * The contact recomputed from the meetings that remain after one was retracted (cancelled
 * or declined after it was recorded). Tier and the user's choices stay as they are.
 */
export function rebuildContact(contact: Contact, meetingsWithPerson: readonly Meeting[], settings: UserSettings): Contact {
  return withNextDue(replayMeetings(contact, meetingsWithPerson), settings);
}

// The user's actions on a contact. Each returns the new contact with nextDueAt recomputed.

export function changeTier(contact: Contact, tier: TierName | null, settings: UserSettings): Contact {
  return withNextDue({ ...contact, tier }, settings);
}

/** Sets the contact's own cadence; `undefined` goes back to the tier's. */
export function setCadence(contact: Contact, days: number | undefined, settings: UserSettings): Contact {
  const { cadenceDays: _old, ...rest } = contact;
  if (days === undefined) return withNextDue(rest, settings);
  if (!Number.isInteger(days) || days < 1) throw new InvalidCadence(days);
  return withNextDue({ ...rest, cadenceDays: days }, settings);
}

/** Not due before `until`; nextDueAt itself stays, so the snooze can simply be lifted. */
export function snooze(contact: Contact, until: string): Contact {
  return { ...contact, snoozedUntil: until };
}

export function unsnooze(contact: Contact): Contact {
  const { snoozedUntil: _old, ...rest } = contact;
  return rest;
}

export function ignore(contact: Contact): Contact {
  return { ...contact, ignored: true, nextDueAt: null };
}

export function unignore(contact: Contact, settings: UserSettings): Contact {
  return withNextDue({ ...contact, ignored: false }, settings);
}

/** The first-meeting follow-up is done (or dismissed); it is never prompted again. */
export function markFollowUpDone(contact: Contact, at: string): Contact {
  return { ...contact, followUpDoneAt: at };
}

/** Tracked contacts due at `now`, most overdue first, ties by email. */
export function dueContacts(contacts: readonly Contact[], now: string): Contact[] {
  const nowMs = Date.parse(now);
  return contacts
    .map((contact) => ({ contact, dueMs: dueMsOf(contact) }))
    .filter((c): c is { contact: Contact; dueMs: number } => c.dueMs !== null && c.dueMs <= nowMs)
    .sort((a, b) => a.dueMs - b.dueMs || compareText(a.contact.email, b.contact.email))
    .map((c) => c.contact);
}

function dueMsOf(contact: Contact): number | null {
  const due = effectiveDueAt(contact);
  return due === null ? null : Date.parse(due);
}

function withNextDue(contact: Contact, settings: Pick<UserSettings, 'tierCadenceDays'>): Contact {
  return { ...contact, nextDueAt: nextDueAtOf(contact, settings) };
}
