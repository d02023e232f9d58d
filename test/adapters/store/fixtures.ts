import type { Contact, Meeting } from '../../../lib/core/domain/contact.js';
import type { CalendarEvent } from '../../../lib/core/domain/event.js';
import type { UserSettings } from '../../../lib/core/domain/settings.js';
import type { Connection } from '../../../lib/core/ports/connections.js';

/** Small builders: each test states only the fields its behaviour depends on. */

export function aContact(overrides: Partial<Contact> & Pick<Contact, 'email'>): Contact {
  return { tier: 'close', nextDueAt: '2027-03-01T09:00:00.000Z', ignored: false, ...overrides };
}

export function anEvent(overrides: Partial<CalendarEvent> & Pick<CalendarEvent, 'uid'>): CalendarEvent {
  return {
    instanceKey: overrides.uid,
    start: '2027-03-02T09:00:00.000Z',
    end: '2027-03-02T09:30:00.000Z',
    allDay: false,
    status: 'confirmed',
    transparent: false,
    kind: 'default',
    attendees: [{ email: 'ana@example.com', name: 'Ana', response: 'accepted', kind: 'person' }],
    ...overrides,
  };
}

export function aMeeting(overrides: Partial<Meeting> & Pick<Meeting, 'instanceKey' | 'start'>): Meeting {
  return {
    uid: overrides.instanceKey,
    end: overrides.start,
    with: ['ana@example.com'],
    names: { 'ana@example.com': 'Ana' },
    size: 'small',
    ...overrides,
  };
}

export function aConnection(overrides: Partial<Connection> & Pick<Connection, 'id'>): Connection {
  return {
    kind: 'ics',
    label: 'work.ics',
    source: 'examples/work.ics',
    cursor: null,
    status: 'ok',
    createdAt: '2027-01-01T00:00:00.000Z',
    ...overrides,
  };
}

export const SETTINGS: UserSettings = {
  ownerEmails: ['me@example.com'],
  timeZone: 'Pacific/Chatham',
  tierCadenceDays: { close: 30, 'keep-warm': 90, acquaintance: 180 },
  defaultTier: 'keep-warm',
  tierByEmail: { 'ana@example.com': 'close' },
  smallMeetingMaxPeople: 8,
};
