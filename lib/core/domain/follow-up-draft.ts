import type { Contact } from './contact.js';

/**
 * The next-day follow-up: a short draft the user edits in their own mail client. It names
 * where they met (the event's title), because "good to meet you at X" is what makes a
 * follow-up land. Plain text only: the dashboard escapes it for HTML, `mailtoUrlOf` encodes it
 * for a URL, so a name or title from a calendar can never become markup or extra headers.
 */

export interface FollowUpDraft {
  to: string;
  subject: string;
  body: string;
}

export interface DraftOptions {
  /** How the user signs (their own name); omitted when unknown. */
  signature?: string;
}

/**
 * The first word of a display name, for "Hi Jane", when it looks like a name (letters, marks,
 * apostrophes, hyphens); otherwise the draft just says "Hi," rather than greet markup or an address.
 */
function greetingName(contact: Pick<Contact, 'email' | 'name'>): string | undefined {
  const first = contact.name?.trim().split(/\s+/)[0];
  return first && /^\p{L}[\p{L}\p{M}'’.-]*$/u.test(first) ? first : undefined;
}

/** Strips line breaks: a title or name comes from someone else's calendar. */
function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').trim();
}

export function followUpDraft(contact: Pick<Contact, 'email' | 'name' | 'firstMetAtTitle'>, options: DraftOptions = {}): FollowUpDraft {
  const name = greetingName(contact);
  const where = contact.firstMetAtTitle ? oneLine(contact.firstMetAtTitle) : undefined;
  const subject = where ? `Good to meet you at ${where}` : 'Good to meet you';
  const lines = [
    name ? `Hi ${oneLine(name)},` : 'Hi,',
    '',
    where ? `It was good to meet you at ${where}.` : 'It was good to meet you.',
    "I'd be glad to stay in touch — if there is anything I can help with, just say.",
    '',
    'Best,',
    ...(options.signature ? [oneLine(options.signature)] : []),
  ];
  return { to: contact.email, subject, body: lines.join('\n') };
}

/**
 * RFC 6068 mailto URL. encodeURIComponent leaves no `&`, `=`, `?` or line break raw, so the
 * subject and body cannot add headers (e.g. a `bcc`) whatever they contain; the address is
 * encoded too, keeping only its `@` readable.
 */
export function mailtoUrlOf(draft: FollowUpDraft): string {
  const to = encodeURIComponent(draft.to).replace(/%40/g, '@');
  // RFC 6068 §5: line breaks in a body are CRLF, percent-encoded.
  const body = draft.body.replace(/\r?\n/g, '\r\n');
  return `mailto:${to}?subject=${encodeURIComponent(draft.subject)}&body=${encodeURIComponent(body)}`;
}
