import type { Contact, Meeting } from '../../../lib/core/domain/contact.js';
import type { Attendee, CalendarEvent } from '../../../lib/core/domain/event.js';
import { DEFAULT_TIER_CADENCE_DAYS, type InferenceOptions, type UserSettings } from '../../../lib/core/domain/settings.js';

/**
 * Small readable fixtures for domain tests. Every instant is explicit UTC; nothing here
 * reads the clock or the machine's zone.
 */

export const NOW = '2027-03-23T12:00:00.000Z';
export const ME = 'me@example.com';
export const ME_AT_WORK = 'me@work.example';
export const OWNER_EMAILS = [ME, ME_AT_WORK] as const;

export const OPTIONS: InferenceOptions = { ownerEmails: OWNER_EMAILS, smallMeetingMaxPeople: 8 };

const DAY_MS = 86_400_000;

export function daysAfter(instant: string, days: number): string {
  return new Date(Date.parse(instant) + days * DAY_MS).toISOString();
}

export function hoursAfter(instant: string, hours: number): string {
  return new Date(Date.parse(instant) + hours * 3_600_000).toISOString();
}

/** A human attendee who accepted. */
export function aPerson(email: string, overrides: Partial<Attendee> = {}): Attendee {
  return { email, response: 'accepted', kind: 'person', ...overrides };
}

/** The user, on one of their addresses, having accepted. */
export function me(overrides: Partial<Attendee> = {}): Attendee {
  return aPerson(ME, { name: 'Me', ...overrides });
}

export function aRoom(email = 'room-4@rooms.example'): Attendee {
  return { email, response: 'accepted', kind: 'room' };
}

/** `count` accepted people: guest-1@…, guest-2@…, … */
export function guests(count: number): Attendee[] {
  return Array.from({ length: count }, (_, i) => aPerson(`guest-${i + 1}@people.example`));
}

/** A half-hour coffee with Ana that ended two and a half hours before NOW. */
export function anEvent(overrides: Partial<CalendarEvent> = {}): CalendarEvent {
  return {
    uid: 'coffee-1',
    instanceKey: overrides.uid ?? 'coffee-1',
    start: '2027-03-23T09:00:00.000Z',
    end: '2027-03-23T09:30:00.000Z',
    allDay: false,
    status: 'confirmed',
    transparent: false,
    kind: 'default',
    title: 'Coffee',
    organizer: { email: ME, name: 'Me' },
    attendees: [me(), aPerson('ana@people.example', { name: 'Ana Lima' })],
    ...overrides,
  };
}

export function aMeeting(overrides: Partial<Meeting> = {}): Meeting {
  return {
    instanceKey: 'coffee-1',
    uid: 'coffee-1',
    start: '2027-03-01T09:00:00.000Z',
    end: '2027-03-01T09:30:00.000Z',
    title: 'Coffee',
    with: ['ana@people.example'],
    names: { 'ana@people.example': 'Ana Lima' },
    size: 'small',
    ...overrides,
  };
}

export function aContact(overrides: Partial<Contact> = {}): Contact {
  return {
    email: 'ana@people.example',
    name: 'Ana Lima',
    tier: 'keep-warm',
    firstMetAt: '2027-01-10T09:00:00.000Z',
    lastMetAt: '2027-01-10T09:00:00.000Z',
    nextDueAt: '2027-04-10T09:00:00.000Z',
    ignored: false,
    ...overrides,
  };
}

export function someSettings(overrides: Partial<UserSettings> = {}): UserSettings {
  return {
    ownerEmails: [...OWNER_EMAILS],
    timeZone: 'Pacific/Chatham',
    tierCadenceDays: { ...DEFAULT_TIER_CADENCE_DAYS },
    defaultTier: 'keep-warm',
    tierByEmail: {},
    smallMeetingMaxPeople: 8,
    ...overrides,
  };
}
