import type { Contact, Meeting } from '../domain/contact.js';
import { cadenceDaysOf, effectiveDueAt } from '../domain/cadence.js';
import type { UserSettings } from '../domain/settings.js';

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
