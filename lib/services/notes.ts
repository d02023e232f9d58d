import { randomUUID } from 'node:crypto';
import type { Contact, Meeting } from '../core/domain/contact.js';
import { contactTimeline, type TimelineEntry } from '../core/domain/contact-timeline.js';
import type { Intro, IntroKind } from '../core/domain/introductions.js';
import type { Note } from '../core/domain/notes.js';
import type { UserSettings } from '../core/domain/settings.js';
import type { Store } from '../core/ports/store.js';
import { ContactNotFound, NoteNotFound, NotAMeetingWithContact } from './user-data-errors.js';

/**
 * Notes and the intro/help log about a contact, and the contact page that shows them as one
 * timeline. Input arrives validated at the edge; these functions check what only the store
 * knows (that the contact exists) and write.
 */

async function requireContact(store: Store, userId: string, email: string): Promise<Contact> {
  const contact = await store.contacts.get(userId, email);
  if (!contact) throw new ContactNotFound(`There is no contact ${email}.`);
  return contact;
}

export interface NoteInput {
  text: string;
  /** The meeting the note is about (its instance key), if any. */
  meetingKey?: string;
}

export async function addNote(store: Store, userId: string, email: string, input: NoteInput, now: string): Promise<Note> {
  const contact = await requireContact(store, userId, email);
  if (input.meetingKey && !(await meetingsWith(store, userId, contact.email, now)).some((m) => m.instanceKey === input.meetingKey)) {
    throw new NotAMeetingWithContact('That meeting is not one of your meetings with this contact in the last year. Choose one from the list, or none.');
  }
  const note: Note = { id: randomUUID(), contactEmail: contact.email, text: input.text, createdAt: now, ...(input.meetingKey ? { meetingKey: input.meetingKey } : {}) };
  await store.notes.put(userId, note);
  return note;
}

export interface NoteEdit {
  noteId: string;
  /** The note's new text, replacing the old. */
  text: string;
}

export async function editNote(store: Store, userId: string, email: string, edit: NoteEdit, now: string): Promise<Note> {
  const note = await store.notes.get(userId, email, edit.noteId);
  if (!note) throw new NoteNotFound('That note does not exist (any more).');
  const edited = { ...note, text: edit.text, updatedAt: now };
  await store.notes.put(userId, edited);
  return edited;
}

export async function deleteNote(store: Store, userId: string, email: string, noteId: string): Promise<void> {
  if ((await store.notes.delete(userId, email, noteId)) === 'already-gone') throw new NoteNotFound('That note does not exist (any more).');
}

export interface IntroInput {
  kind: IntroKind;
  otherEmail?: string;
  text: string;
  /** When it happened; defaults to now. */
  at?: string;
}

export async function logIntro(store: Store, userId: string, email: string, input: IntroInput, now: string): Promise<Intro> {
  const contact = await requireContact(store, userId, email);
  const intro: Intro = {
    id: randomUUID(),
    contactEmail: contact.email,
    kind: input.kind,
    ...(input.otherEmail ? { otherEmail: input.otherEmail } : {}),
    text: input.text,
    at: input.at ?? now,
    createdAt: now,
  };
  await store.intros.put(userId, intro);
  return intro;
}

export interface ContactPageView {
  contact: Contact;
  settings: UserSettings;
  timeline: TimelineEntry[];
  /** Names of the other people named in the log, for display. */
  names: Record<string, string>;
  /** Meetings with the contact in the last year, newest first: a note can be about one of them. */
  meetings: Meeting[];
  /** Why Rapport emails this contact no more (they unsubscribed, their address bounced or complained); absent when it may. */
  mailOptOut?: { reason: string; at: string };
}

const MEETINGS_LOOKBACK_DAYS = 365;

export async function loadContactPage(store: Store, userId: string, email: string, settings: UserSettings, now: string): Promise<ContactPageView> {
  const [contact, notes, intros, meetings, suppressed] = await Promise.all([
    requireContact(store, userId, email),
    store.notes.listFor(userId, email),
    // The whole log: entries recorded against others may name this contact.
    store.intros.list(userId),
    meetingsWith(store, userId, email, now),
    store.suppressions.list(userId),
  ]);
  const optOut = suppressed.find((s) => s.email === email);
  const timeline = contactTimeline(contact.email, notes, intros);
  const others = new Set(timeline.flatMap((e) => (e.kind === 'intro' ? [e.intro.contactEmail, e.intro.otherEmail ?? ''] : [])));
  others.delete(contact.email);
  others.delete('');
  const names: Record<string, string> = {};
  for (const other of others) {
    const person = await store.contacts.get(userId, other);
    if (person?.name) names[other] = person.name;
  }
  return { contact, settings, timeline, names, meetings, ...(optOut ? { mailOptOut: { reason: optOut.reason, at: optOut.at } } : {}) };
}

/** Meetings with the contact in the last year, newest first: what a note may be about. */
async function meetingsWith(store: Store, userId: string, email: string, now: string): Promise<Meeting[]> {
  const from = new Date(Date.parse(now) - MEETINGS_LOOKBACK_DAYS * 86_400_000).toISOString();
  const recent = await store.meetings.list(userId, { from, to: now });
  return recent.filter((m) => m.with.includes(email)).reverse();
}
