import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Attendee, CalendarEvent } from '../../../lib/core/domain/event.js';
import { inferMeetings, meetingsFromVerdicts } from '../../../lib/core/domain/inference.js';
import type { Meeting } from '../../../lib/core/domain/contact.js';
import { anAttendee, anEventArb, shuffled } from './arbitraries.js';
import { NOW, OPTIONS as BASE_OPTIONS, OWNER_EMAILS } from './builders.js';

// A low limit so generated events (at most five other people) are sometimes networking events.
const OPTIONS = { ...BASE_OPTIONS, smallMeetingMaxPeople: 2 };

const meetingsOf = (events: readonly CalendarEvent[]): Meeting[] => meetingsFromVerdicts(inferMeetings(events, OPTIONS, NOW));

/** Events with distinct instances, so a change to one event cannot change which copy of another is kept. */
const distinctEvents = fc.uniqueArray(anEventArb, { selector: (e) => e.instanceKey, maxLength: 10 });

/** Distinct events, one index into them, and an attendee to add there. */
function withAddition(attendee: fc.Arbitrary<Attendee>) {
  return distinctEvents
    .filter((events) => events.length > 0)
    .chain((events) => fc.tuple(fc.constant(events), fc.nat(events.length - 1), attendee, fc.nat()));
}

function addAttendee(events: readonly CalendarEvent[], index: number, attendee: Attendee, at: number): CalendarEvent[] {
  return events.map((event, i) => {
    if (i !== index) return event;
    const attendees = [...event.attendees];
    attendees.splice(at % (attendees.length + 1), 0, attendee);
    return { ...event, attendees };
  });
}

/** Every meeting in `after` is in `before`, with no one added. */
function expectNoPersonAdded(before: readonly Meeting[], after: readonly Meeting[]): void {
  const withBefore = new Map(before.map((m) => [m.instanceKey, new Set(m.with)]));
  for (const meeting of after) {
    const people = withBefore.get(meeting.instanceKey);
    expect(people, `meeting ${meeting.instanceKey} appeared`).toBeDefined();
    for (const email of meeting.with) expect(people?.has(email), `${email} appeared in ${meeting.instanceKey}`).toBe(true);
  }
}

describe('inference invariants', () => {
  it('shuffling the events never changes the verdicts', () => {
    const events = fc.array(anEventArb, { maxLength: 12 }).map((es) => [...es, ...es.slice(0, 3).map((e) => structuredClone(e))]);
    fc.assert(
      fc.property(events.chain((es) => fc.tuple(fc.constant(es), shuffled(es))), ([original, reordered]) => {
        expect(inferMeetings(reordered, OPTIONS, NOW)).toEqual(inferMeetings(original, OPTIONS, NOW));
      }),
      { numRuns: 300 },
    );
  });

  it('every event gets exactly one verdict', () => {
    fc.assert(
      fc.property(fc.array(anEventArb, { maxLength: 12 }), (events) => {
        const verdicts = inferMeetings(events, OPTIONS, NOW);
        expect(new Set(verdicts.map((v) => v.event))).toEqual(new Set(events));
      }),
    );
  });

  it('adding someone who declined never adds a meeting nor a person met', () => {
    const declined = anAttendee.map((a): Attendee => ({ ...a, response: 'declined' }));
    fc.assert(
      fc.property(withAddition(declined), ([events, index, attendee, at]) => {
        expectNoPersonAdded(meetingsOf(events), meetingsOf(addAttendee(events, index, attendee, at)));
      }),
      { numRuns: 300 },
    );
  });

  it('adding one of my own addresses as an attendee never adds a person met', () => {
    const mine = fc.tuple(anAttendee, fc.constantFrom(...OWNER_EMAILS, 'ME@EXAMPLE.COM')).map(([a, email]): Attendee => ({ ...a, email }));
    fc.assert(
      fc.property(withAddition(mine), ([events, index, attendee, at]) => {
        expectNoPersonAdded(meetingsOf(events), meetingsOf(addAttendee(events, index, attendee, at)));
      }),
      { numRuns: 300 },
    );
  });

  it('every counted meeting has ended and was with someone other than me', () => {
    fc.assert(
      fc.property(fc.array(anEventArb, { maxLength: 12 }), (events) => {
        for (const verdict of inferMeetings(events, OPTIONS, NOW)) {
          if (!verdict.counted) continue;
          expect(Date.parse(verdict.event.end)).toBeLessThanOrEqual(Date.parse(NOW));
          expect(verdict.with.length).toBeGreaterThan(0);
          expect(verdict.with).toEqual([...new Set(verdict.with)].sort());
          for (const email of verdict.with) expect(OWNER_EMAILS).not.toContain(email.toLowerCase());
        }
      }),
      { numRuns: 300 },
    );
  });

  it('the same events seen on a second calendar never change the meetings', () => {
    fc.assert(
      fc.property(fc.array(anEventArb, { maxLength: 12 }), (events) => {
        const secondCalendar = events.map((e) => structuredClone(e));
        expect(meetingsOf([...events, ...secondCalendar])).toEqual(meetingsOf(events));
      }),
      { numRuns: 300 },
    );
  });
});
