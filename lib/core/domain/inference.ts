import { canonicalJsonOf, compareText } from './canonical-json.js';
import type { Meeting } from './contact.js';
import type { CalendarEvent } from './event.js';
import { attendanceOf, declinedByOwner, ownerSetOf } from './people.js';
import type { InferenceOptions } from './settings.js';

/**
 * What counts as a meeting (DESIGN §2). Every event gets exactly one verdict with a reason,
 * so the dashboard can say why something did or did not count. Pure and deterministic: the
 * verdicts depend on the set of events, never on their order.
 */

export type ExclusionReason =
  | 'cancelled'
  | 'own-hold'
  | 'all-day'
  | 'focus-time'
  | 'out-of-office'
  | 'working-location'
  | 'transparent'
  | 'declined-by-me'
  | 'not-ended'
  | 'no-other-people'
  | 'only-rooms'
  | 'others-declined'
  | 'duplicate';

export type CountedReason = 'met' | 'networking-event';
export type VerdictReason = CountedReason | ExclusionReason;

export type Verdict =
  | { event: CalendarEvent; counted: true; reason: CountedReason; with: string[]; names: Record<string, string> }
  | { event: CalendarEvent; counted: false; reason: ExclusionReason };

type EventRule = readonly [ExclusionReason, (event: CalendarEvent, context: RuleContext) => boolean];
interface RuleContext {
  owners: ReadonlySet<string>;
  nowMs: number;
}

/**
 * The event-level rules, in precedence order: the first that matches is the reason. Facts
 * about the event itself come before the user's answer, which comes before time, so an
 * event that could never count says so even before it has ended. Then come the people
 * (see people.ts): no-other-people, only-rooms, others-declined. `duplicate` precedes all.
 *
 * The user's own response may be tentative or needs-action and still count: many people
 * never answer invitations they attend; only an explicit decline is taken as absence.
 */
const EVENT_RULES: readonly EventRule[] = [
  ['cancelled', (e) => e.status === 'cancelled'],
  ['own-hold', (e) => e.rapportHold !== undefined],
  ['all-day', (e) => e.allDay],
  ['focus-time', (e) => e.kind === 'focus'],
  ['out-of-office', (e) => e.kind === 'out-of-office'],
  ['working-location', (e) => e.kind === 'working-location'],
  ['transparent', (e) => e.transparent],
  ['declined-by-me', (e, c) => declinedByOwner(e, c.owners)],
  // Written as "not ended" so an unparseable end never counts.
  ['not-ended', (e, c) => !(Date.parse(e.end) <= c.nowMs)],
];

export function inferMeetings(events: readonly CalendarEvent[], options: InferenceOptions, now: string): Verdict[] {
  const context: RuleContext = { owners: ownerSetOf(options.ownerEmails), nowMs: Date.parse(now) };
  const judged = events.map((event) => ({
    verdict: judge(event, context, options.smallMeetingMaxPeople),
    json: canonicalJsonOf(event),
  }));
  return markDuplicates(judged)
    .sort(inOutputOrder)
    .map((j) => j.verdict);
}

function judge(event: CalendarEvent, context: RuleContext, smallMeetingMaxPeople: number): Verdict {
  const rule = EVENT_RULES.find(([, applies]) => applies(event, context));
  if (rule) return { event, counted: false, reason: rule[0] };
  const attendance = attendanceOf(event, context.owners);
  if (attendance.outcome !== 'met') return { event, counted: false, reason: attendance.outcome };
  const reason = attendance.with.length > smallMeetingMaxPeople ? 'networking-event' : 'met';
  return { event, counted: true, reason, with: attendance.with, names: attendance.names };
}

interface Judged {
  verdict: Verdict;
  json: string;
}

/**
 * One instance seen on several calendars (same instanceKey, from the shared iCalUID) counts
 * once. The copy kept is a counted one when any copy counts — per-calendar fields such as
 * transparency can differ between copies, and the user met the person if any calendar says
 * so — then the one with the smallest canonical JSON, which no input order can change.
 */
function markDuplicates(judged: readonly Judged[]): Judged[] {
  const byInstance = new Map<string, Judged[]>();
  for (const j of judged) {
    const key = j.verdict.event.instanceKey;
    const copies = byInstance.get(key);
    if (copies) copies.push(j);
    else byInstance.set(key, [j]);
  }
  return [...byInstance.values()].flatMap((copies) => {
    const [kept, ...others] = copies.sort(keptFirst);
    const duplicates = others.map((j): Judged => ({ ...j, verdict: { event: j.verdict.event, counted: false, reason: 'duplicate' } }));
    return kept ? [kept, ...duplicates] : duplicates;
  });
}

function keptFirst(a: Judged, b: Judged): number {
  return Number(b.verdict.counted) - Number(a.verdict.counted) || compareText(a.json, b.json);
}

/**
 * By start, then instance, then content; an identical copy sorts after the kept one, so
 * even byte-identical duplicates come out in the same order whatever the input order.
 */
function inOutputOrder(a: Judged, b: Judged): number {
  const ea = a.verdict.event;
  const eb = b.verdict.event;
  return (
    Date.parse(ea.start) - Date.parse(eb.start) ||
    compareText(ea.start, eb.start) ||
    compareText(ea.instanceKey, eb.instanceKey) ||
    compareText(a.json, b.json) ||
    Number(a.verdict.reason === 'duplicate') - Number(b.verdict.reason === 'duplicate')
  );
}

/** The meetings to record: counted verdicts, with only the names of the people met. */
export function meetingsFromVerdicts(verdicts: readonly Verdict[]): Meeting[] {
  return verdicts.flatMap((v) => {
    if (!v.counted) return [];
    const { event } = v;
    const names = Object.fromEntries(v.with.filter((email) => email in v.names).map((email) => [email, v.names[email]!]));
    const meeting: Meeting = {
      instanceKey: event.instanceKey,
      uid: event.uid,
      start: event.start,
      end: event.end,
      with: [...v.with],
      names,
      size: v.reason === 'networking-event' ? 'large' : 'small',
    };
    // Left out rather than undefined: stored items must not carry undefined attributes.
    if (event.title !== undefined) meeting.title = event.title;
    return [meeting];
  });
}

const REASON_TEXT: Readonly<Record<VerdictReason, string>> = {
  met: 'A meeting: restarts the cadence',
  'networking-event': 'A large event: follow-ups only, cadence unchanged',
  duplicate: 'The same meeting, already counted from another calendar',
  cancelled: 'Cancelled',
  'own-hold': "Rapport's own suggestion hold, not booked",
  'all-day': 'An all-day event',
  'focus-time': 'Focus time',
  'out-of-office': 'Out of office',
  'working-location': 'A working-location marker',
  transparent: 'Marked as free time',
  'declined-by-me': 'You declined',
  'not-ended': 'Not over yet',
  'no-other-people': 'Nobody else was on it',
  'only-rooms': 'Only rooms, resources or group addresses were invited',
  'others-declined': 'Everyone else declined',
};

/** A short sentence for the dashboard saying why an event did or did not count. */
export function describeReason(reason: VerdictReason): string {
  return REASON_TEXT[reason];
}
