import type { CalendarChanges } from './event.js';
import type { Meeting } from './contact.js';
import { canonicalJsonOf } from './canonical-json.js';
import type { CalendarEvent } from './event.js';
import type { Verdict } from './inference.js';
import type { TimeWindow } from './busy-time.js';

/**
 * Pure planning for a sync run: given what is stored and what the calendar says now, decide
 * the smallest set of writes. Running the plan twice yields an empty plan the second time,
 * which is what makes a sync idempotent and cheap when nothing changed.
 */

export interface EventPlan {
  /** Events to write: new ones and ones whose stored copy differs. */
  upserts: CalendarEvent[];
  /** Instance keys of stored events that are gone from the calendar. */
  removals: string[];
  /** The connection's events after the plan is applied. */
  current: CalendarEvent[];
}

/** Key order is not data: items read back from DynamoDB list their attributes in any order. */
function sameEvent(a: CalendarEvent, b: CalendarEvent): boolean {
  return canonicalJsonOf(a) === canonicalJsonOf(b);
}

export function planEventChanges(stored: readonly CalendarEvent[], changes: CalendarChanges): EventPlan {
  const byKey = new Map(stored.map((e) => [e.instanceKey, e]));
  if (changes.kind === 'unchanged') return { upserts: [], removals: [], current: [...stored] };

  const next = changes.kind === 'snapshot' ? new Map<string, CalendarEvent>() : new Map(byKey);
  if (changes.kind === 'delta') for (const key of changes.removedInstanceKeys) next.delete(key);
  for (const event of changes.events) next.set(event.instanceKey, event);

  const upserts = [...next.values()].filter((event) => {
    const before = byKey.get(event.instanceKey);
    return !before || !sameEvent(before, event);
  });
  const removals = [...byKey.keys()].filter((key) => !next.has(key));
  return { upserts, removals, current: [...next.values()] };
}

/**
 * Every event the plan touches, as it is now and as it was stored, is still to end, or ended
 * before the window inference looks at: no verdict on an ended event can differ, so applying
 * the plan needs no inference. (A removal is always of a stored event: the plan removes only
 * what it found stored.)
 */
export function onlyTheFutureChanged(stored: readonly CalendarEvent[], plan: EventPlan, window: TimeWindow, now: string): boolean {
  const before = new Map(stored.map((e) => [e.instanceKey, e]));
  const touched = [...plan.upserts, ...[...plan.upserts.map((e) => e.instanceKey), ...plan.removals].flatMap((key) => before.get(key) ?? [])];
  const nowMs = Date.parse(now);
  const from = Date.parse(window.from);
  return touched.every((e) => Date.parse(e.end) > nowMs || Date.parse(e.end) <= from);
}

/** Reasons that mean "this event, as the calendar now shows it, did not happen as a meeting". */
const RETRACTING_REASONS = new Set<string>([
  'cancelled',
  'declined-by-me',
  'others-declined',
  'no-other-people',
  'only-rooms',
  'own-hold',
  'transparent',
  'all-day',
  'focus-time',
  'out-of-office',
  'working-location',
]);

export interface MeetingPlan {
  record: Meeting[];
  retract: Meeting[];
  /** Recorded meetings that `record` overwrites with a changed version (e.g. small became large). */
  replaced: Meeting[];
}

function meetingId(m: Pick<Meeting, 'start' | 'instanceKey'>): string {
  return `${m.start}|${m.instanceKey}`;
}

function sameMeeting(a: Meeting, b: Meeting): boolean {
  return canonicalJsonOf(a) === canonicalJsonOf(b);
}

/**
 * Compares the meetings inference finds in a connection's events with those already recorded.
 * A recorded meeting is retracted only when its event is still on the calendar and now says
 * it did not happen (cancelled, declined, …). An event that merely left the sync window, or a
 * full resync after an expired cursor, never erases history.
 */
export function planMeetingChanges(recorded: readonly Meeting[], verdicts: readonly Verdict[], found: readonly Meeting[]): MeetingPlan {
  const recordedById = new Map(recorded.map((m) => [meetingId(m), m]));
  const foundIds = new Set(found.map(meetingId));
  const replaced: Meeting[] = [];
  const record = found.filter((m) => {
    const before = recordedById.get(meetingId(m));
    if (before && !sameMeeting(before, m)) replaced.push(before);
    return !before || !sameMeeting(before, m);
  });

  const retractedKeys = new Set(
    verdicts.filter((v) => !v.counted && RETRACTING_REASONS.has(v.reason)).map((v) => v.event.instanceKey),
  );
  const foundKeys = new Set(found.map((m) => m.instanceKey));
  const retract = recorded.filter(
    (m) => !foundIds.has(meetingId(m)) && (retractedKeys.has(m.instanceKey) || foundKeys.has(m.instanceKey)),
  );
  return { record, retract, replaced };
}

/** Someone else is on it and it is not cancelled: the events the end-time index holds (adapters/store/keys.ts), whose ends the sweep wakes for. */
export function mayBecomeMeeting(event: CalendarEvent): boolean {
  return event.status !== 'cancelled' && event.attendees.length > 0;
}
