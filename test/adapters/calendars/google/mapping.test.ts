import { describe, expect, it } from 'vitest';
import { mapGoogleItem, type GoogleEvent } from '../../../../lib/adapters/calendars/google/mapping.js';

const base: GoogleEvent = {
  id: 'evt1',
  iCalUID: 'evt1@google.com',
  status: 'confirmed',
  summary: 'Coffee',
  start: { dateTime: '2026-11-10T09:00:00+13:45', timeZone: 'Pacific/Chatham' },
  end: { dateTime: '2026-11-10T09:30:00+13:45', timeZone: 'Pacific/Chatham' },
  organizer: { email: 'Alex@Northwind.example', displayName: 'Alex' },
  attendees: [
    { email: 'alex@northwind.example', self: true, responseStatus: 'accepted' },
    { email: 'Jane@Example.com', displayName: 'Jane', responseStatus: 'tentative' },
  ],
};
const map = (item: GoogleEvent) => {
  const mapped = mapGoogleItem(item, { calendarTimeZone: 'Europe/London' });
  if (mapped.kind !== 'event') throw new Error(`not an event: ${mapped.kind}`);
  return mapped.event;
};

describe('Google event → CalendarEvent', () => {
  it('maps a timed event to UTC with lowercased people and their answers', () => {
    expect(map(base)).toEqual({
      uid: 'evt1@google.com',
      instanceKey: 'evt1@google.com',
      start: '2026-11-09T19:15:00.000Z',
      end: '2026-11-09T19:45:00.000Z',
      allDay: false,
      status: 'confirmed',
      transparent: false,
      kind: 'default',
      title: 'Coffee',
      organizer: { email: 'alex@northwind.example', name: 'Alex' },
      attendees: [
        { email: 'alex@northwind.example', response: 'accepted', kind: 'person' },
        { email: 'jane@example.com', name: 'Jane', response: 'tentative', kind: 'person' },
      ],
    });
  });

  it.each([
    ['needsAction', 'needs-action'],
    ['declined', 'declined'],
    ['tentative', 'tentative'],
    ['accepted', 'accepted'],
    [undefined, 'needs-action'],
  ])('reads responseStatus %s as %s', (google, ours) => {
    expect(map({ ...base, attendees: [{ email: 'kim@example.com', responseStatus: google }] }).attendees[0]?.response).toBe(ours);
  });

  it.each([
    ['focusTime', 'focus'],
    ['outOfOffice', 'out-of-office'],
    ['workingLocation', 'working-location'],
    ['birthday', 'default'],
    ['fromGmail', 'default'],
    ['default', 'default'],
  ])('reads eventType %s as %s', (eventType, kind) => {
    expect(map({ ...base, eventType }).kind).toBe(kind);
  });

  it('tells rooms and other resources from people', () => {
    const event = map({
      ...base,
      attendees: [
        { email: 'c_188abc@resource.calendar.google.com', resource: true, displayName: 'Room 4' },
        { email: 'projector@example.com', resource: true },
        { email: 'kim@example.com' },
      ],
    });
    expect(event.attendees.map((a) => a.kind)).toEqual(['room', 'resource', 'person']);
  });

  it('reads transparency, cancellation and tentative status', () => {
    expect(map({ ...base, transparency: 'transparent' }).transparent).toBe(true);
    expect(map({ ...base, status: 'cancelled' }).status).toBe('cancelled');
    expect(map({ ...base, status: 'tentative' }).status).toBe('tentative');
  });

  it('places an all-day date in the calendar zone and marks it all-day', () => {
    const event = map({ ...base, start: { date: '2026-11-10' }, end: { date: '2026-11-11' } });
    expect(event).toMatchObject({ allDay: true, start: '2026-11-10T00:00:00.000Z', end: '2026-11-11T00:00:00.000Z' });
  });

  it('keys a recurring instance by iCalUID and original start, the same on every calendar', () => {
    const event = map({ ...base, id: 'series1_20261110T081500Z', iCalUID: 'series1@google.com', recurringEventId: 'series1', originalStartTime: { dateTime: '2026-11-10T08:15:00Z' } });
    expect(event).toMatchObject({ uid: 'series1@google.com', recurrenceId: '2026-11-10T08:15:00.000Z', instanceKey: 'series1@google.com|2026-11-10T08:15:00.000Z' });
  });

  it("recognises Rapport's unbooked holds, not its booked coffees", () => {
    expect(map({ ...base, extendedProperties: { private: { rapportKind: 'hold', rapportProposalId: 'p9' } } }).rapportHold).toEqual({ proposalId: 'p9' });
    expect(map({ ...base, extendedProperties: { private: { rapportKind: 'coffee', rapportProposalId: 'p9' } } }).rapportHold).toBeUndefined();
    expect(map({ ...base, extendedProperties: { shared: { rapportKind: 'hold', rapportProposalId: 'p9' } } }).rapportHold).toBeUndefined();
  });

  it('asks for a second read of a deletion that came with only its id', () => {
    expect(mapGoogleItem({ id: 'gone1', status: 'cancelled' }, { calendarTimeZone: 'UTC' })).toEqual({ kind: 'deleted-unknown', eventId: 'gone1' });
  });
});
