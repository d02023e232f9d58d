import { describe, expect, it } from 'vitest';
import { busyOfScheduleItems, calendarEventOf, instantOf, RAPPORT_CATEGORY, RAPPORT_PROPERTY_ID, type GraphEventJson } from '../../../../lib/adapters/calendars/microsoft/mapping.js';

/** Graph event JSON → the provider-neutral event (pure). */

const base: GraphEventJson = {
  id: 'AAMk1',
  iCalUId: '040000008200E00074C5B7101A82E00800000000A1',
  subject: ' Weekly sync ',
  start: { dateTime: '2026-11-20T09:00:00.0000000', timeZone: 'UTC' },
  end: { dateTime: '2026-11-20T09:30:00.0000000', timeZone: 'UTC' },
  isAllDay: false,
  isCancelled: false,
  showAs: 'busy',
  type: 'singleInstance',
  responseStatus: { response: 'accepted' },
  organizer: { emailAddress: { address: 'Kim@Fabrikam.example', name: 'Kim' } },
  attendees: [
    { type: 'required', status: { response: 'accepted' }, emailAddress: { address: 'Bob@Fabrikam.example', name: 'Bob' } },
    { type: 'optional', status: { response: 'declined' }, emailAddress: { address: 'eve@fabrikam.example', name: 'eve@fabrikam.example' } },
    { type: 'optional', status: { response: 'tentativelyAccepted' }, emailAddress: { address: 'tia@fabrikam.example' } },
    { type: 'required', status: { response: 'none' }, emailAddress: { address: 'nora@fabrikam.example' } },
    { type: 'resource', status: { response: 'accepted' }, emailAddress: { address: 'room-4@fabrikam.example', name: 'Room 4' } },
    { type: 'required', status: { response: 'accepted' }, emailAddress: { address: 'bob@fabrikam.example' } },
  ],
};

describe('Graph event mapping', () => {
  it('maps a single event: UTC times, status, organizer, attendees with responses and rooms', () => {
    expect(calendarEventOf(base)).toEqual({
      uid: base.iCalUId,
      instanceKey: base.iCalUId,
      start: '2026-11-20T09:00:00.000Z',
      end: '2026-11-20T09:30:00.000Z',
      allDay: false,
      status: 'confirmed',
      transparent: false,
      kind: 'default',
      title: 'Weekly sync',
      organizer: { email: 'kim@fabrikam.example', name: 'Kim' },
      attendees: [
        { email: 'bob@fabrikam.example', name: 'Bob', response: 'accepted', kind: 'person' },
        { email: 'eve@fabrikam.example', response: 'declined', kind: 'person' },
        { email: 'tia@fabrikam.example', response: 'tentative', kind: 'person' },
        { email: 'nora@fabrikam.example', response: 'needs-action', kind: 'person' },
        { email: 'room-4@fabrikam.example', name: 'Room 4', response: 'accepted', kind: 'resource' },
      ],
    });
  });

  it('maps cancelled, tentative, free, out-of-office, working elsewhere and all-day', () => {
    expect(calendarEventOf({ ...base, isCancelled: true })?.status).toBe('cancelled');
    expect(calendarEventOf({ ...base, responseStatus: { response: 'tentativelyAccepted' } })?.status).toBe('tentative');
    expect(calendarEventOf({ ...base, showAs: 'free' })).toMatchObject({ transparent: true, kind: 'default' });
    expect(calendarEventOf({ ...base, showAs: 'oof' })).toMatchObject({ transparent: false, kind: 'out-of-office' });
    expect(calendarEventOf({ ...base, showAs: 'workingElsewhere' })?.kind).toBe('working-location');
    expect(
      calendarEventOf({ ...base, isAllDay: true, start: { dateTime: '2026-11-20T00:00:00.0000000', timeZone: 'UTC' }, end: { dateTime: '2026-11-21T00:00:00.0000000', timeZone: 'UTC' } }),
    ).toMatchObject({ allDay: true, start: '2026-11-20T00:00:00.000Z', end: '2026-11-21T00:00:00.000Z' });
  });

  it('keys occurrences by the series uid and original start; skips series masters and removals', () => {
    const occurrence = calendarEventOf({ ...base, type: 'occurrence', uid: 'series-uid', seriesMasterId: 'AAMkM', originalStart: '2026-11-20T09:00:00Z' });
    expect(occurrence).toMatchObject({ uid: 'series-uid', instanceKey: 'series-uid|2026-11-20T09:00:00.000Z', recurrenceId: '2026-11-20T09:00:00.000Z' });
    expect(calendarEventOf({ ...base, type: 'seriesMaster' })).toBeNull();
    expect(calendarEventOf({ id: 'AAMk1', '@removed': { reason: 'deleted' } })).toBeNull();
  });

  it("recognises Rapport's holds by the extended property, or by the category alone", () => {
    expect(calendarEventOf({ ...base, singleValueExtendedProperties: [{ id: RAPPORT_PROPERTY_ID, value: 'p-42' }] })?.rapportHold).toEqual({ proposalId: 'p-42' });
    expect(calendarEventOf({ ...base, categories: ['Blue', RAPPORT_CATEGORY] })?.rapportHold).toEqual({ proposalId: 'unknown' });
    expect(calendarEventOf({ ...base, categories: ['Blue'] })?.rapportHold).toBeUndefined();
  });

  it('refuses times that are not UTC rather than guessing an offset', () => {
    expect(instantOf({ dateTime: '2026-11-20T09:00:00.0000000', timeZone: 'Pacific Standard Time' })).toBeUndefined();
    expect(calendarEventOf({ ...base, start: { dateTime: '2026-11-20T09:00:00.0000000', timeZone: 'Pacific Standard Time' } })).toBeNull();
    expect(instantOf({ dateTime: '2026-11-20T09:00:00.1234567', timeZone: 'UTC' })).toBe('2026-11-20T09:00:00.123Z');
  });

  it('turns schedule items into busy intervals, free ones excluded', () => {
    expect(
      busyOfScheduleItems([
        { status: 'busy', start: { dateTime: '2026-11-20T09:00:00.0000000', timeZone: 'UTC' }, end: { dateTime: '2026-11-20T10:00:00.0000000', timeZone: 'UTC' } },
        { status: 'free', start: { dateTime: '2026-11-20T11:00:00.0000000', timeZone: 'UTC' }, end: { dateTime: '2026-11-20T12:00:00.0000000', timeZone: 'UTC' } },
        { status: 'tentative', start: { dateTime: '2026-11-20T13:00:00.0000000', timeZone: 'UTC' }, end: { dateTime: '2026-11-20T13:30:00.0000000', timeZone: 'UTC' } },
      ]),
    ).toEqual([
      { start: '2026-11-20T09:00:00.000Z', end: '2026-11-20T10:00:00.000Z' },
      { start: '2026-11-20T13:00:00.000Z', end: '2026-11-20T13:30:00.000Z' },
    ]);
  });
});
