import type { Contact, Meeting } from '../../core/domain/contact.js';
import type { Intro } from '../../core/domain/introductions.js';
import type { Note } from '../../core/domain/notes.js';
import { cadenceDaysOf, effectiveDueAt } from '../../core/domain/cadence.js';
import type { UserSettings } from '../../core/domain/settings.js';

/** The JSON shapes of the public API: stable field names, derived values spelled out. */

export function toContactJson(contact: Contact, settings: UserSettings) {
  return {
    email: contact.email,
    name: contact.name ?? null,
    tier: contact.tier,
    cadenceDays: cadenceDaysOf(contact, settings),
    cadenceOverride: contact.cadenceDays ?? null,
    firstMetAt: contact.firstMetAt ?? null,
    lastMetAt: contact.lastMetAt ?? null,
    nextDueAt: effectiveDueAt(contact),
    snoozedUntil: contact.snoozedUntil ?? null,
    ignored: contact.ignored,
    followUpDoneAt: contact.followUpDoneAt ?? null,
  };
}

export function toMeetingJson(meeting: Meeting) {
  return {
    uid: meeting.uid,
    start: meeting.start,
    end: meeting.end,
    title: meeting.title ?? null,
    with: meeting.with,
    size: meeting.size,
  };
}

export function toNoteJson(note: Note) {
  return {
    id: note.id,
    contactEmail: note.contactEmail,
    text: note.text,
    createdAt: note.createdAt,
    updatedAt: note.updatedAt ?? null,
    meetingKey: note.meetingKey ?? null,
  };
}

/** A log entry: what happened and when. There is deliberately no score or balance field. */
export function toIntroJson(intro: Intro) {
  return {
    id: intro.id,
    contactEmail: intro.contactEmail,
    kind: intro.kind,
    otherEmail: intro.otherEmail ?? null,
    text: intro.text,
    at: intro.at,
    createdAt: intro.createdAt,
  };
}
