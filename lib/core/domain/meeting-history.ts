import { compareText } from './canonical-json.js';
import type { Contact, Meeting } from './contact.js';
import type { TierName, UserSettings } from './settings.js';

/**
 * What recorded meetings say about one person: when the user first met them, when they last
 * met in a small meeting, what they are called, and which tier someone new starts in. When
 * they are due is layered on top in cadence.ts.
 *
 * Each fact is the least or greatest of its candidates under a total order (first meeting:
 * earliest; last small meeting and name: latest), so folding is a join: recording the same
 * meetings again, in another order, or split into batches gives the same contact.
 */

/** Lowercased email → the meetings of the batch that person was in. */
export function meetingsByPerson(meetings: readonly Meeting[]): Map<string, Meeting[]> {
  const byPerson = new Map<string, Meeting[]>();
  for (const meeting of meetings) {
    for (const email of new Set(meeting.with.map((e) => e.toLowerCase()))) {
      const theirs = byPerson.get(email);
      if (theirs) theirs.push(meeting);
      else byPerson.set(email, [meeting]);
    }
  }
  return byPerson;
}

/** Someone seen for the first time, before any meeting is applied. */
export function newContact(email: string): Contact {
  return { email, tier: null, nextDueAt: null, ignored: false };
}

/**
 * Applies newly recorded meetings. A person who has never had a small meeting and has no tier
 * gets one from the settings file, else — on their first small meeting — the default tier;
 * someone only seen at networking events stays untracked until the user places them. Keyed
 * on "no small meeting yet" rather than "new", so a networking event recorded in an earlier
 * batch than the coffee that followed gives the same tier as both recorded together; and a
 * tier the user removed after a real meeting is never put back.
 */
export function applyMeetings(contact: Contact, meetings: readonly Meeting[], settings: UserSettings): Contact {
  const next = foldHistory(contact, meetings);
  if (contact.tier !== null || contact.lastMetAt !== undefined) return next;
  const metInSmall = meetings.some((m) => m.size === 'small');
  const tier: TierName | null = settings.tierByEmail[contact.email] ?? (metInSmall ? settings.defaultTier : null);
  return { ...next, tier };
}

/** The history recomputed from scratch from the person's remaining meetings; user choices kept. */
export function replayMeetings(contact: Contact, meetings: readonly Meeting[]): Contact {
  const { firstMetAt: _first, lastMetAt: _last, firstMetAtTitle: _title, nameSeenAt: _seen, ...choices } = contact;
  const theirs = meetings.filter((m) => m.with.some((e) => e.toLowerCase() === contact.email));
  // A name with no remaining meeting behind it is kept: better than showing a bare address.
  return foldHistory(choices, theirs);
}

function foldHistory(contact: Contact, meetings: readonly Meeting[]): Contact {
  const next: Contact = { ...contact };
  const first = least(meetings.map((m) => ({ at: m.start, title: m.title })), byFirstMeeting);
  if (first && (next.firstMetAt === undefined || byFirstMeeting(first, { at: next.firstMetAt, title: next.firstMetAtTitle }) < 0)) {
    next.firstMetAt = first.at;
    // Left out rather than undefined: stored items must not carry undefined attributes.
    if (first.title === undefined) delete next.firstMetAtTitle;
    else next.firstMetAtTitle = first.title;
  }
  const lastSmall = greatest(meetings.filter((m) => m.size === 'small').map((m) => m.start), byInstant);
  if (lastSmall && (next.lastMetAt === undefined || byInstant(lastSmall, next.lastMetAt) > 0)) next.lastMetAt = lastSmall;
  const name = greatest(namesOf(contact.email, meetings), byName);
  // A stored name without nameSeenAt predates it: any name from a meeting replaces it.
  if (name && (next.nameSeenAt === undefined || byName(name, { at: next.nameSeenAt, name: next.name ?? '' }) > 0)) {
    next.name = name.name;
    next.nameSeenAt = name.at;
  }
  return next;
}

interface FirstMeeting {
  at: string;
  title?: string;
}

interface SeenName {
  at: string;
  name: string;
}

function namesOf(email: string, meetings: readonly Meeting[]): SeenName[] {
  return meetings.flatMap((m) => {
    const name = m.names[email];
    return name?.trim() ? [{ at: m.start, name }] : [];
  });
}

/** Earliest first; at the same instant a titled meeting before an untitled one, then by title. */
function byFirstMeeting(a: FirstMeeting, b: FirstMeeting): number {
  if (byInstant(a.at, b.at) !== 0) return byInstant(a.at, b.at);
  if (a.title === undefined || b.title === undefined) return Number(a.title === undefined) - Number(b.title === undefined);
  return compareText(a.title, b.title);
}

/** Latest last; two names seen at the same instant are ordered by text, only to be deterministic. */
function byName(a: SeenName, b: SeenName): number {
  return byInstant(a.at, b.at) || compareText(a.name, b.name);
}

function byInstant(a: string, b: string): number {
  return Date.parse(a) - Date.parse(b) || compareText(a, b);
}

function least<T>(items: readonly T[], order: (a: T, b: T) => number): T | undefined {
  return items.reduce<T | undefined>((best, item) => (best === undefined || order(item, best) < 0 ? item : best), undefined);
}

function greatest<T>(items: readonly T[], order: (a: T, b: T) => number): T | undefined {
  return least(items, (a, b) => order(b, a));
}
