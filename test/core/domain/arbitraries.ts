import fc from 'fast-check';
import type { Meeting } from '../../../lib/core/domain/contact.js';
import { instanceKeyOf, type Attendee, type CalendarEvent } from '../../../lib/core/domain/event.js';
import { ME, ME_AT_WORK, NOW } from './builders.js';

/**
 * fast-check arbitraries for domain data. Addresses, UIDs and times come from small pools so
 * that collisions (the same person twice, the same instance on two calendars, equal starts)
 * happen often enough to exercise the rules that handle them.
 */

export const OTHER_PEOPLE = ['ana@people.example', 'bo@people.example', 'cy@people.example', 'di@people.example', 'ed@people.example'];
const ADDRESSES = [ME, ME_AT_WORK, ...OTHER_PEOPLE, 'room-4@rooms.example', 'team@lists.example'];
const NAMES = ['Ana Lima', 'Bo Chen', 'Cy', ' ', 'Dee'];
const MINUTE_MS = 60_000;
const NOW_MS = Date.parse(NOW);

function weighted<T>(common: T, rare: readonly T[]): fc.Arbitrary<T> {
  return fc.oneof({ arbitrary: fc.constant(common), weight: 4 * rare.length }, ...rare.map((r) => ({ arbitrary: fc.constant(r), weight: 1 })));
}

/** An instant within three days before and one day after NOW, on a 15-minute grid. */
const instantMs = fc.integer({ min: -3 * 96, max: 96 }).map((q) => NOW_MS + q * 15 * MINUTE_MS);

export const anAttendee: fc.Arbitrary<Attendee> = fc.record(
  {
    email: fc.constantFrom(...ADDRESSES),
    name: fc.constantFrom(...NAMES),
    response: weighted('accepted' as const, ['declined', 'tentative', 'needs-action'] as const),
    kind: weighted('person' as const, ['room', 'resource', 'group'] as const),
  },
  { requiredKeys: ['email', 'response', 'kind'] },
);

export const anEventArb: fc.Arbitrary<CalendarEvent> = fc
  .record(
    {
      uid: fc.constantFrom('u1', 'u2', 'u3', 'u4', 'u5'),
      recurrenceId: fc.option(fc.constantFrom('2027-03-20T09:00:00.000Z', '2027-03-21T09:00:00.000Z'), { nil: undefined }),
      startMs: instantMs,
      minutes: fc.constantFrom(0, 15, 30, 60, 240),
      allDay: weighted(false, [true]),
      status: weighted('confirmed' as const, ['tentative', 'cancelled'] as const),
      transparent: weighted(false, [true]),
      kind: weighted('default' as const, ['focus', 'out-of-office', 'working-location'] as const),
      title: fc.option(fc.constantFrom('Coffee', 'Meetup', 'Sync'), { nil: undefined }),
      organizer: fc.option(fc.record({ email: fc.constantFrom(...ADDRESSES), name: fc.option(fc.constantFrom(...NAMES), { nil: undefined }) }), { nil: undefined }),
      attendees: fc.array(anAttendee, { maxLength: 12 }),
      hold: weighted(false, [true]),
    },
  )
  .map(({ uid, recurrenceId, startMs, minutes, hold, title, organizer, ...rest }) => {
    const event: CalendarEvent = {
      uid,
      instanceKey: instanceKeyOf(uid, recurrenceId),
      start: new Date(startMs).toISOString(),
      end: new Date(startMs + minutes * MINUTE_MS).toISOString(),
      ...rest,
    };
    if (recurrenceId) event.recurrenceId = recurrenceId;
    if (title) event.title = title;
    if (organizer) event.organizer = organizer.name ? organizer : { email: organizer.email };
    if (hold) event.rapportHold = { proposalId: 'p-1' };
    return event;
  });

export const aMeetingArb: fc.Arbitrary<Meeting> = fc
  .record({
    key: fc.constantFrom('m1', 'm2', 'm3', 'm4', 'm5', 'm6'),
    startMs: instantMs,
    with: fc.subarray(OTHER_PEOPLE, { minLength: 1 }),
    named: fc.array(fc.tuple(fc.constantFrom(...OTHER_PEOPLE), fc.constantFrom(...NAMES))),
    title: fc.option(fc.constantFrom('Coffee', 'Meetup'), { nil: undefined }),
    size: weighted('small' as const, ['large'] as const),
  })
  .map(({ key, startMs, with: people, named, title, size }) => {
    const meeting: Meeting = {
      instanceKey: key,
      uid: key,
      start: new Date(startMs).toISOString(),
      end: new Date(startMs + 30 * MINUTE_MS).toISOString(),
      with: people,
      names: Object.fromEntries(named.filter(([email]) => people.includes(email))),
      size,
    };
    if (title) meeting.title = title;
    return meeting;
  });

/** A permutation of `items`. */
export function shuffled<T>(items: readonly T[]): fc.Arbitrary<T[]> {
  return fc.shuffledSubarray([...items], { minLength: items.length, maxLength: items.length });
}
