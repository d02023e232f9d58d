import { describe, expect, it } from 'vitest';
import type { Meeting } from '../../../lib/core/domain/contact.js';
import { inferMeetings, meetingsFromVerdicts } from '../../../lib/core/domain/inference.js';
import { planEventChanges, planMeetingChanges } from '../../../lib/core/domain/sync-plan.js';
import { anEvent } from './builders.js';

const NOW = '2026-11-23T12:00:00.000Z';
const options = { ownerEmails: ['me@example.com'], smallMeetingMaxPeople: 8 };

function coffee(uid: string, start: string, overrides = {}) {
  const end = new Date(Date.parse(start) + 30 * 60_000).toISOString();
  return anEvent({
    uid,
    instanceKey: uid,
    start,
    end,
    attendees: [
      { email: 'me@example.com', response: 'accepted', kind: 'person' },
      { email: 'jane@example.com', name: 'Jane', response: 'accepted', kind: 'person' },
    ],
    ...overrides,
  });
}

describe('planning event writes', () => {
  const a = coffee('a', '2026-11-02T09:00:00.000Z');
  const b = coffee('b', '2026-11-03T09:00:00.000Z');

  it('writes nothing when the calendar is unchanged', () => {
    expect(planEventChanges([a, b], { kind: 'unchanged', cursor: 'x' })).toMatchObject({ upserts: [], removals: [] });
    expect(planEventChanges([a, b], { kind: 'snapshot', events: [b, a], cursor: 'x' })).toMatchObject({ upserts: [], removals: [] });
  });

  it('a snapshot writes new and changed events and removes the ones that are gone', () => {
    const moved = { ...b, start: '2026-11-03T10:00:00.000Z' };
    const c = coffee('c', '2026-11-04T09:00:00.000Z');
    const plan = planEventChanges([a, b], { kind: 'snapshot', events: [moved, c], cursor: 'y' });
    expect(plan.upserts.map((e) => e.uid).sort()).toEqual(['b', 'c']);
    expect(plan.removals).toEqual(['a']);
  });

  it('a delta keeps events it does not mention', () => {
    const c = coffee('c', '2026-11-04T09:00:00.000Z');
    const plan = planEventChanges([a, b], { kind: 'delta', events: [c], removedInstanceKeys: ['b'], cursor: 'z' });
    expect(plan.current.map((e) => e.uid).sort()).toEqual(['a', 'c']);
    expect(plan.removals).toEqual(['b']);
  });
});

describe('planning meeting writes', () => {
  const plan = (recorded: Meeting[], events: ReturnType<typeof coffee>[]) => {
    const verdicts = inferMeetings(events, options, NOW);
    return planMeetingChanges(recorded, verdicts, meetingsFromVerdicts(verdicts));
  };
  const held = coffee('a', '2026-11-02T09:00:00.000Z');
  const [recorded] = meetingsFromVerdicts(inferMeetings([held], options, NOW));

  it('records a new meeting once, and nothing the second time', () => {
    expect(plan([], [held]).record).toHaveLength(1);
    expect(plan([recorded!], [held])).toEqual({ record: [], retract: [], replaced: [] });
  });

  it('retracts a recorded meeting when its event is later cancelled', () => {
    const result = plan([recorded!], [{ ...held, status: 'cancelled' }]);
    expect(result.retract).toEqual([recorded]);
  });

  it('keeps a recorded meeting whose event merely left the calendar window', () => {
    expect(plan([recorded!], [])).toEqual({ record: [], retract: [], replaced: [] });
  });

  it('replaces a meeting whose attendees changed, and reports the old version', () => {
    const withOmar = { ...held, attendees: [...held.attendees, { email: 'omar@example.com', response: 'accepted' as const, kind: 'person' as const }] };
    const result = plan([recorded!], [withOmar]);
    expect(result.record[0]?.with).toEqual(['jane@example.com', 'omar@example.com']);
    expect(result.replaced).toEqual([recorded]);
  });
});
