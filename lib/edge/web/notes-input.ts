import * as z from 'zod';
import { INTRO_KINDS, INTRO_MAX_CHARS } from '../../core/domain/introductions.js';
import { NOTE_MAX_CHARS } from '../../core/domain/notes.js';
import { TIER_NAMES, type UserSettings } from '../../core/domain/settings.js';
import { startOfLocalDate } from '../../core/domain/time.js';
import { badRequest } from '../http/errors.js';
import { parseInput } from '../http/request.js';
import type { FollowUpChoice } from '../../services/contacts.js';
import type { IntroInput, NoteInput } from '../../services/notes.js';

/**
 * Parses notes, log entries and follow-up choices from the dashboard's forms, the JSON API and
 * the CLI. Every message is shown to the person as is.
 */

/** Line breaks and tabs are text; other control characters (NUL, escape codes) are not. */
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

export const noteText = z
  .string({ error: 'Write the note as text.' })
  .trim()
  .min(1, 'A note cannot be empty.')
  .max(NOTE_MAX_CHARS, `A note can be at most ${NOTE_MAX_CHARS.toLocaleString('en')} characters.`)
  .refine((text) => !CONTROL_CHARACTERS.test(text), 'A note cannot contain control characters.');

const introText = z
  .string({ error: 'Describe what happened as text.' })
  .trim()
  .min(1, 'Say briefly what happened.')
  .max(INTRO_MAX_CHARS, `An entry can be at most ${INTRO_MAX_CHARS} characters.`);

const kind = z.enum(INTRO_KINDS, { error: `Choose what happened: ${INTRO_KINDS.join(', ')}.` });
const otherEmail = z
  .string()
  .trim()
  .toLowerCase()
  .refine((v) => v === '' || (/^[^\s@<>#]+@[^\s@<>#]+$/.test(v) && v.length <= 320), 'The other person must be an email address (or left empty).')
  .transform((v) => (v === '' ? undefined : v));
const localDate = z
  .string()
  .trim()
  .refine((v) => v === '' || /^\d{4}-\d{2}-\d{2}$/.test(v), 'Give the date as YYYY-MM-DD.')
  .transform((v) => (v === '' ? undefined : v));
const meetingKey = z.string().trim().max(500, 'That meeting reference is too long.').optional();

/** Strict: a field the API does not know is a mistake to report, not to drop (the forms' CSRF token and return page aside). */
const NoteSchema = z.object({ text: noteText, meetingKey, csrf: z.string().optional(), back: z.string().optional() }).strict();
const IntroSchema = z.object({ kind, otherEmail: otherEmail.optional(), text: introText, date: localDate.optional() }).strip();

export function noteInputFrom(input: unknown): NoteInput {
  const note = parseInput(NoteSchema, input);
  return { text: note.text, ...(note.meetingKey ? { meetingKey: note.meetingKey } : {}) };
}

export function noteTextFrom(input: unknown): string {
  return parseInput(z.object({ text: noteText }).strip(), input).text;
}

/** A log entry's date is a local date in the user's zone; it must not lie ahead. */
export function introInputFrom(input: unknown, settings: UserSettings, now: string): IntroInput {
  const entry = parseInput(IntroSchema, input);
  let at: string | undefined;
  if (entry.date) {
    at = startOfLocalDate(entry.date, settings.timeZone) ?? undefined;
    if (!at) throw badRequest(`${entry.date} is not a real calendar date.`);
    if (at > now) throw badRequest('The date of an entry cannot be in the future.');
  }
  return { kind: entry.kind, text: entry.text, ...(entry.otherEmail ? { otherEmail: entry.otherEmail } : {}), ...(at ? { at } : {}) };
}

const FollowUpSchema = z.discriminatedUnion(
  'action',
  [
    z.object({ action: z.literal('add-to-tier'), tier: z.enum(TIER_NAMES, { error: `Choose a tier: ${TIER_NAMES.join(', ')}.` }) }),
    z.object({ action: z.literal('dismiss') }),
    z.object({ action: z.literal('done') }),
  ],
  { error: 'Unknown action: use add-to-tier, dismiss or done.' },
);

export function followUpChoiceFrom(input: unknown): FollowUpChoice {
  const choice = parseInput(FollowUpSchema, input);
  return choice.action === 'add-to-tier' ? { kind: 'add-to-tier', tier: choice.tier } : { kind: choice.action };
}

/** Note ids arrive in the path; they are UUIDs we made. */
export function noteIdFromPath(segment: string): string {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(segment)) throw badRequest('The note id in the URL is not valid.');
  return segment;
}
