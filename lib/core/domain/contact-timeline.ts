import { compareText } from './canonical-json.js';
import type { Intro } from './introductions.js';
import type { Note } from './notes.js';

/**
 * A contact's notes and intro/help log entries as one plain timeline. Deliberately only a
 * timeline: nothing here counts, weighs or balances entries (see introductions.ts).
 */

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
