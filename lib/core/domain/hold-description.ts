import { noteSnippet } from './notes.js';

/**
 * The private description of a coffee hold on the user's own calendar: who it is offered to,
 * the booking link to send, and the latest notes about the person so the user walks into the
 * coffee remembering what matters to them. Plain text (the calendar adapters escape it).
 */
export function holdDescription(who: string, link: string, notes: readonly string[]): string {
  const lines = [`Rapport offered this time to ${who}. Booking link to send: ${link}`];
  if (notes.length > 0) {
    lines.push('', `Your notes about ${who} (private, only on your calendar):`, ...notes.map((n) => `- ${noteSnippet(n, 300)}`));
  }
  return lines.join('\n');
}
