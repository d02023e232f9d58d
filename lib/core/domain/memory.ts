import { compareText } from './canonical-json.js';

/**
 * Relationship memory: what the user wants to remember about a person (notes) and the favours
 * that went either way (the intro and help log). Deliberately only a timeline: the essays
 * Rapport grew from say keeping score is what not to do, so nothing here counts, weighs or
 * balances entries.
 */

export const NOTE_MAX_CHARS = 1_000;
export const INTRO_MAX_CHARS = 500;

/** A short free-text note about a contact, optionally about one meeting with them. */
export interface Note {
  id: string;
  /** Lowercased email of the contact the note is about. */
  contactEmail: string;
  text: string;
  createdAt: string;
  /** Set when the note was edited. */
  updatedAt?: string;
  /** Instance key of the meeting the note is about, if any. */
  meetingKey?: string;
}

export const INTRO_KINDS = ['introduced', 'referred', 'helped', 'was-helped', 'shared'] as const;
export type IntroKind = (typeof INTRO_KINDS)[number];

/** Words for the timeline: what happened, never who owes whom. */
export const INTRO_KIND_LABELS: Record<IntroKind, string> = {
  introduced: 'Introduced',
  referred: 'Referred',
  helped: 'Helped',
  'was-helped': 'Was helped by',
  shared: 'Shared something with',
};

/** One entry of the intro and help log ("introduced Jane to Omar", "Omar referred a client"). */
export interface Intro {
  id: string;
  /** Lowercased email of the contact the entry is recorded against. */
  contactEmail: string;
  kind: IntroKind;
  /** The other person involved (e.g. who Jane was introduced to), when there is one. */
  otherEmail?: string;
  text: string;
  /** When it happened, as the user says (defaults to when it was logged). */
  at: string;
  createdAt: string;
}

/** The newest notes first (by creation; the id breaks ties so the order is stable). */
export function newestFirst(notes: readonly Note[]): Note[] {
  return [...notes].sort((a, b) => compareText(b.createdAt, a.createdAt) || compareText(b.id, a.id));
}

/** Each contact's newest `perContact` notes, by contact email. */
export function latestNotesByContact(notes: readonly Note[], perContact = 1): Map<string, Note[]> {
  const byContact = new Map<string, Note[]>();
  for (const note of newestFirst(notes)) {
    const list = byContact.get(note.contactEmail) ?? [];
    if (list.length < perContact) list.push(note);
    byContact.set(note.contactEmail, list);
  }
  return byContact;
}

export type TimelineEntry = { kind: 'note'; at: string; note: Note } | { kind: 'intro'; at: string; intro: Intro };

/**
 * A contact's notes and log entries as one plain timeline, newest first. Entries recorded
 * against someone else that name this contact as the other person appear too.
 */
export function contactTimeline(email: string, notes: readonly Note[], intros: readonly Intro[]): TimelineEntry[] {
  const who = email.toLowerCase();
  const entries: TimelineEntry[] = [
    ...notes.filter((n) => n.contactEmail === who).map((note) => ({ kind: 'note' as const, at: note.createdAt, note })),
    ...intros
      .filter((i) => i.contactEmail === who || i.otherEmail === who)
      .map((intro) => ({ kind: 'intro' as const, at: intro.at, intro })),
  ];
  return entries.sort((a, b) => compareText(b.at, a.at) || compareText(idOf(b), idOf(a)));
}

function idOf(entry: TimelineEntry): string {
  return entry.kind === 'note' ? entry.note.id : entry.intro.id;
}

/** Collapses whitespace runs so a note fits on one line next to a contact, cut at `max` characters. */
export function noteSnippet(text: string, max = 140): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
}
