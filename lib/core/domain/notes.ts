import { compareText } from './canonical-json.js';

/**
 * Notes: what the user wants to remember about a person. The intro and help log is
 * introductions.ts; the two meet in a contact's timeline (contact-timeline.ts).
 */

export const NOTE_MAX_CHARS = 1_000;

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

/** Collapses whitespace runs so a note fits on one line next to a contact, cut at `max` characters. */
export function noteSnippet(text: string, max = 140): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
}
