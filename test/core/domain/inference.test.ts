import { describe, expect, it } from 'vitest';
import {
  describeReason,
  inferMeetings,
  meetingsFromVerdicts,
  type Verdict,
  type VerdictReason,
} from '../../../lib/core/domain/inference.js';
import type { CalendarEvent } from '../../../lib/core/domain/event.js';
import { aPerson, aRoom, anEvent, guests, hoursAfter, ME, ME_AT_WORK, me, NOW, OPTIONS } from './builders.js';

function verdictOf(event: CalendarEvent): Verdict {
  const [verdict] = inferMeetings([event], OPTIONS, NOW);
  if (!verdict) throw new Error('no verdict');
  return verdict;
}

function reasonOf(event: CalendarEvent): VerdictReason {
  return verdictOf(event).reason;
}

function peopleMet(event: CalendarEvent): string[] {
  const verdict = verdictOf(event);
  return verdict.counted ? verdict.with : [];
}

describe('what counts as a meeting', () => {
  it('a small meeting that has ended counts as met with the other people', () => {
    const verdict = verdictOf(anEvent());
    expect(verdict).toMatchObject({ counted: true, reason: 'met', with: ['ana@people.example'] });
    expect(verdict.counted && verdict.names).toEqual({ 'ana@people.example': 'Ana Lima' });
  });

  it('a meeting counts whether I accepted, said maybe, or never answered', () => {
    for (const response of ['accepted', 'tentative', 'needs-action'] as const) {
      expect(reasonOf(anEvent({ attendees: [me({ response }), aPerson('ana@people.example')] }))).toBe('met');
    }
  });

  it('a meeting I declined never counts', () => {
    expect(reasonOf(anEvent({ attendees: [me({ response: 'declined' }), aPerson('ana@people.example')] }))).toBe('declined-by-me');
  });

  it('a meeting I declined from my other address never counts either', () => {
    const attendees = [aPerson(ME_AT_WORK, { response: 'declined' }), aPerson('ana@people.example')];
    expect(reasonOf(anEvent({ attendees }))).toBe('declined-by-me');
  });

  it('a cancelled meeting never counts', () => {
    expect(reasonOf(anEvent({ status: 'cancelled' }))).toBe('cancelled');
  });

  it("Rapport's own suggestion hold never counts as a meeting", () => {
    expect(reasonOf(anEvent({ rapportHold: { proposalId: 'p-1' } }))).toBe('own-hold');
  });

  it('an all-day event never counts', () => {
    expect(reasonOf(anEvent({ allDay: true, start: '2027-03-22T00:00:00.000Z', end: '2027-03-23T00:00:00.000Z' }))).toBe('all-day');
  });

  it('focus time, out-of-office and working-location blocks never count', () => {
    expect(reasonOf(anEvent({ kind: 'focus' }))).toBe('focus-time');
    expect(reasonOf(anEvent({ kind: 'out-of-office' }))).toBe('out-of-office');
    expect(reasonOf(anEvent({ kind: 'working-location' }))).toBe('working-location');
  });

  it('an event marked as free time never counts', () => {
    expect(reasonOf(anEvent({ transparent: true }))).toBe('transparent');
  });

  it('a meeting counts only once it has ended', () => {
    expect(reasonOf(anEvent({ start: hoursAfter(NOW, -1), end: hoursAfter(NOW, 1) }))).toBe('not-ended');
    expect(reasonOf(anEvent({ start: hoursAfter(NOW, 2), end: hoursAfter(NOW, 3) }))).toBe('not-ended');
    expect(reasonOf(anEvent({ start: hoursAfter(NOW, -1), end: NOW }))).toBe('met');
  });

  it('an event with nobody but me never counts, even with my other address invited', () => {
    expect(reasonOf(anEvent({ attendees: [] }))).toBe('no-other-people');
    expect(reasonOf(anEvent({ attendees: [me(), aPerson(ME_AT_WORK)] }))).toBe('no-other-people');
  });

  it('an event with only rooms, resources or group addresses besides me never counts', () => {
    const attendees = [me(), aRoom(), { ...aRoom('projector@rooms.example'), kind: 'resource' as const }, { ...aRoom('team@lists.example'), kind: 'group' as const }];
    expect(reasonOf(anEvent({ attendees }))).toBe('only-rooms');
  });

  it('a meeting everyone else declined never counts', () => {
    const attendees = [me(), aPerson('ana@people.example', { response: 'declined' }), aPerson('bo@people.example', { response: 'declined' }), aRoom()];
    expect(reasonOf(anEvent({ attendees }))).toBe('others-declined');
  });

  it('someone who declined is not counted as met, while the others are', () => {
    const attendees = [me(), aPerson('ana@people.example'), aPerson('bo@people.example', { response: 'declined' })];
    expect(peopleMet(anEvent({ attendees }))).toEqual(['ana@people.example']);
  });

  it('rooms are never counted as people met', () => {
    expect(peopleMet(anEvent({ attendees: [me(), aRoom(), aPerson('ana@people.example')] }))).toEqual(['ana@people.example']);
  });

  it('none of my own addresses is ever among the people met, whatever their case', () => {
    const attendees = [me(), aPerson(ME_AT_WORK), aPerson('ME@Example.com'), aPerson('Bo@People.Example'), aPerson('ana@people.example')];
    expect(peopleMet(anEvent({ attendees, organizer: { email: 'Me@Work.Example' } }))).toEqual(['ana@people.example', 'bo@people.example']);
  });
});

describe('meeting size', () => {
  it('a meeting with exactly the small-meeting limit of other people is still a meeting', () => {
    expect(reasonOf(anEvent({ attendees: [me(), ...guests(8)] }))).toBe('met');
  });

  it('an event with one more than the limit is a networking event: counted, but it will not restart cadence', () => {
    const verdict = verdictOf(anEvent({ attendees: [me(), ...guests(9)] }));
    expect(verdict).toMatchObject({ counted: true, reason: 'networking-event' });
    expect(verdict.counted && verdict.with).toHaveLength(9);
    expect(meetingsFromVerdicts([verdict])[0]?.size).toBe('large');
  });

  it('people who declined and rooms do not make a meeting large', () => {
    const declined = guests(5).map((g) => ({ ...g, email: `no-${g.email}`, response: 'declined' as const }));
    expect(reasonOf(anEvent({ attendees: [me(), ...guests(8), ...declined, aRoom()] }))).toBe('met');
  });
});

describe('the organizer', () => {
  it('an event organised by someone else with no attendee list is a meeting with the organizer', () => {
    const verdict = verdictOf(anEvent({ organizer: { email: 'bo@people.example', name: 'Bo Chen' }, attendees: [] }));
    expect(verdict).toMatchObject({ counted: true, reason: 'met', with: ['bo@people.example'], names: { 'bo@people.example': 'Bo Chen' } });
  });

  it('an organizer not listed among attendees attends their own meeting', () => {
    expect(peopleMet(anEvent({ organizer: { email: 'bo@people.example' } }))).toEqual(['ana@people.example', 'bo@people.example']);
  });

  it('an organizer listed among attendees is counted once, and their name fills in for a nameless entry', () => {
    const verdict = verdictOf(anEvent({ organizer: { email: 'bo@people.example', name: 'Bo Chen' }, attendees: [me(), aPerson('bo@people.example')] }));
    expect(verdict).toMatchObject({ with: ['bo@people.example'], names: { 'bo@people.example': 'Bo Chen' } });
  });

  it('an organizer who declined their own meeting was not met', () => {
    const attendees = [me(), aPerson('bo@people.example', { response: 'declined' })];
    expect(reasonOf(anEvent({ organizer: { email: 'bo@people.example' }, attendees }))).toBe('others-declined');
  });

  it('when I organised it, I am not another person', () => {
    expect(reasonOf(anEvent({ organizer: { email: ME_AT_WORK }, attendees: [] }))).toBe('no-other-people');
    expect(peopleMet(anEvent({ organizer: { email: ME } }))).toEqual(['ana@people.example']);
  });
});

describe('the same meeting on several calendars', () => {
  const onWork = anEvent({ attendees: [aPerson(ME_AT_WORK), aPerson('ana@people.example', { name: 'Ana Lima' }), me()] });
  const onHome = anEvent();

  it('counts once; the other copy says it is a duplicate', () => {
    const verdicts = inferMeetings([onWork, onHome], OPTIONS, NOW);
    expect(verdicts.map((v) => v.reason).sort()).toEqual(['duplicate', 'met']);
    expect(meetingsFromVerdicts(verdicts)).toHaveLength(1);
  });

  it('the copy kept does not depend on which calendar was read first', () => {
    expect(inferMeetings([onHome, onWork], OPTIONS, NOW)).toEqual(inferMeetings([onWork, onHome], OPTIONS, NOW));
  });

  it('counts when any copy counts, e.g. one calendar shows it as free time', () => {
    const verdicts = inferMeetings([anEvent({ transparent: true }), onHome], OPTIONS, NOW);
    expect(verdicts.find((v) => v.counted)?.event).toBe(onHome);
    expect(verdicts.map((v) => v.reason).sort()).toEqual(['duplicate', 'met']);
  });

  it('different instances of a recurring series are different meetings', () => {
    const first = anEvent({ uid: 'weekly', instanceKey: 'weekly|2027-03-16T09:00:00.000Z', start: '2027-03-16T09:00:00.000Z', end: '2027-03-16T09:30:00.000Z' });
    const second = anEvent({ uid: 'weekly', instanceKey: 'weekly|2027-03-23T09:00:00.000Z' });
    expect(meetingsFromVerdicts(inferMeetings([second, first], OPTIONS, NOW)).map((m) => m.instanceKey)).toEqual([first.instanceKey, second.instanceKey]);
  });
});

describe('reason precedence', () => {
  it('gives the first reason in the documented order when several apply', () => {
    let event = anEvent({
      status: 'cancelled',
      rapportHold: { proposalId: 'p-1' },
      allDay: true,
      kind: 'focus',
      transparent: true,
      start: hoursAfter(NOW, 1),
      end: hoursAfter(NOW, 2),
      organizer: { email: ME },
      attendees: [me({ response: 'declined' })],
    });
    const seen: VerdictReason[] = [];
    const peel: ((e: CalendarEvent) => CalendarEvent)[] = [
      (e) => ({ ...e, status: 'confirmed' }),
      ({ rapportHold: _hold, ...e }) => e,
      (e) => ({ ...e, allDay: false }),
      (e) => ({ ...e, kind: 'default' }),
      (e) => ({ ...e, transparent: false }),
      (e) => ({ ...e, attendees: [me()] }),
      (e) => ({ ...e, start: hoursAfter(NOW, -2), end: hoursAfter(NOW, -1) }),
      (e) => ({ ...e, attendees: [me(), aRoom()] }),
      (e) => ({ ...e, attendees: [me(), aRoom(), aPerson('ana@people.example', { response: 'declined' })] }),
      (e) => ({ ...e, attendees: [me(), aRoom(), aPerson('ana@people.example')] }),
    ];
    seen.push(reasonOf(event));
    for (const step of peel) {
      event = step(event);
      seen.push(reasonOf(event));
    }
    expect(seen).toEqual([
      'cancelled', 'own-hold', 'all-day', 'focus-time', 'transparent', 'declined-by-me', 'not-ended',
      'no-other-people', 'only-rooms', 'others-declined', 'met',
    ]);
  });

  it('a duplicate copy says duplicate whatever else is wrong with it', () => {
    const verdicts = inferMeetings([anEvent(), anEvent({ status: 'cancelled' })], OPTIONS, NOW);
    expect(verdicts.find((v) => v.event.status === 'cancelled')?.reason).toBe('duplicate');
  });
});

describe('verdict order', () => {
  it('lists verdicts by start time, then instance', () => {
    const late = anEvent({ uid: 'b', start: '2027-03-22T10:00:00.000Z', end: '2027-03-22T11:00:00.000Z' });
    const early = anEvent({ uid: 'z', start: '2027-03-20T10:00:00.000Z', end: '2027-03-20T11:00:00.000Z' });
    const sameStart = anEvent({ uid: 'a', start: '2027-03-22T10:00:00.000Z', end: '2027-03-22T10:30:00.000Z' });
    expect(inferMeetings([late, early, sameStart], OPTIONS, NOW).map((v) => v.event.uid)).toEqual(['z', 'a', 'b']);
  });
});

describe('meetingsFromVerdicts', () => {
  it('records counted verdicts only, small or large, with the names of the people met', () => {
    const verdicts = inferMeetings(
      [anEvent(), anEvent({ uid: 'gone', status: 'cancelled' }), anEvent({ uid: 'meetup', title: undefined, attendees: [me(), ...guests(9)] })],
      OPTIONS,
      NOW,
    );
    const meetings = meetingsFromVerdicts(verdicts);
    expect(meetings).toEqual([
      {
        instanceKey: 'coffee-1',
        uid: 'coffee-1',
        start: '2027-03-23T09:00:00.000Z',
        end: '2027-03-23T09:30:00.000Z',
        title: 'Coffee',
        with: ['ana@people.example'],
        names: { 'ana@people.example': 'Ana Lima' },
        size: 'small',
      },
      expect.objectContaining({ instanceKey: 'meetup', size: 'large' }),
    ]);
    expect(meetings[1]).not.toHaveProperty('title');
  });

  it('keeps only the names of the people met', () => {
    const verdict: Verdict = { event: anEvent(), counted: true, reason: 'met', with: ['ana@people.example'], names: { 'ana@people.example': 'Ana', 'bo@people.example': 'Bo' } };
    expect(meetingsFromVerdicts([verdict])[0]?.names).toEqual({ 'ana@people.example': 'Ana' });
  });
});

describe('describeReason', () => {
  const reasons: VerdictReason[] = [
    'met', 'networking-event', 'duplicate', 'cancelled', 'own-hold', 'all-day', 'focus-time', 'out-of-office',
    'working-location', 'transparent', 'declined-by-me', 'not-ended', 'no-other-people', 'only-rooms', 'others-declined',
  ];

  it('says in a short sentence why each event did or did not count', () => {
    expect(describeReason('declined-by-me')).toBe('You declined');
    expect(describeReason('cancelled')).toBe('Cancelled');
    expect(describeReason('own-hold')).toBe("Rapport's own suggestion hold, not booked");
    const sentences = reasons.map(describeReason);
    expect(new Set(sentences).size).toBe(reasons.length);
    for (const sentence of sentences) expect(sentence.length).toBeGreaterThan(0);
  });
});
