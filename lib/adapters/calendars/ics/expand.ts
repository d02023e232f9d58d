import ICAL from 'ical.js';
import type { TimeZone } from '../../../core/domain/zones.js';
import { instanceKeyOf, type CalendarEvent } from '../../../core/domain/event.js';
import { MalformedCalendar } from '../../../core/ports/calendar.js';
import { eventFactsOf, type EventFacts } from './mapping.js';
import type { ParsedCalendar } from './parse.js';
import { expandSeries, type ExpansionReport } from './series.js';
import { createTimeline, overlapsWindow, startOf, type Occurrence, type Timeline, type WindowMs } from './timing.js';
import { withFeedTimezones } from './zones.js';

/**
 * A parsed calendar → every event instance overlapping a window, as CalendarEvents, sorted by
 * start. All or nothing: a problem in any VEVENT throws MalformedCalendar.
 */

export interface ExpandOptions {
  window: WindowMs;
  /** Zone for floating times and all-day dates. */
  floating: TimeZone;
  maxInstancesPerSeries: number;
  /** When given, receives the series cut short and the parts of events skipped, by UID. */
  report?: ExpansionReport;
}

/** The VEVENTs sharing one UID: at most one master and its exceptions by original start. */
interface EventGroup {
  uid: string;
  master?: ICAL.Component;
  exceptions: Map<number, ICAL.Component>;
}

export function expandCalendar(calendar: ParsedCalendar, options: ExpandOptions): CalendarEvent[] {
  return withFeedTimezones(calendar.root, () => {
    const timeline = createTimeline(calendar, options.floating);
    const byKey = new Map<string, CalendarEvent>();
    for (const raw of groupByUid(calendar.root)) {
      // Each group's components are made here and dropped after it: ical.js keeps every
      // component it makes through the root, with each property it has read, and a 20 MB
      // feed has tens of thousands of events, most of them outside the window.
      const group = hydrateGroup(raw, calendar.root, timeline);
      const facts = new Map<ICAL.Component, EventFacts>();
      for (const occurrence of readGroup(group, timeline, calendar, options)) {
        let described = facts.get(occurrence.source);
        if (!described) facts.set(occurrence.source, (described = eventFactsOf(occurrence.source)));
        const event = toCalendarEvent(group.uid, occurrence, described);
        byKey.set(event.instanceKey, event);
      }
    }
    return [...byKey.values()].sort((a, b) => compare(a.start, b.start) || compare(a.instanceKey, b.instanceKey));
  });
}

function readGroup(group: EventGroup, timeline: Timeline, calendar: ParsedCalendar, options: ExpandOptions): Occurrence[] {
  const { master, exceptions } = group;
  try {
    if (master && (master.hasProperty('rrule') || master.hasProperty('rdate'))) {
      const series = expandSeries(master, exceptions, timeline, {
        window: options.window,
        maxInstances: options.maxInstancesPerSeries,
      });
      options.report?.add(group.uid, series);
      return series.occurrences;
    }
    const occurrences: Occurrence[] = [];
    const single = master ? timeline.ownTiming(master) : undefined;
    if (single) {
      // An exception for the only instance of a non-recurring event replaces it.
      const replacement = exceptions.get(single.startMs);
      occurrences.push(replacement ? timeline.ownTiming(replacement) : single);
    }
    // Exceptions without their series (an invitation to one instance) are single events that
    // keep their original start, so two instances of the same series never share a key.
    for (const [recurrenceIdMs, exception] of exceptions) {
      if (recurrenceIdMs === single?.startMs) continue;
      occurrences.push({ ...timeline.ownTiming(exception), recurrenceIdMs });
    }
    return occurrences.filter((occurrence) => overlapsWindow(occurrence, options.window));
  } catch (error) {
    // One event that cannot be read never refuses the calendar: it is left out, with its reason.
    const source = master ?? exceptions.values().next().value;
    const line = source ? calendar.linesOf(source)?.begin : undefined;
    const reason = error instanceof MalformedCalendar ? error.message : `the event cannot be read${line ? ` (line ${line})` : ''}`;
    options.report?.warnings.push({ uid: group.uid, reason: `invalid: ${reason}` });
    return [];
  }
}

/** The VEVENTs of one UID, in file order, as parsed (jCal), not yet made into ical.js components. */
interface RawGroup {
  uid: string;
  events: unknown[];
}

/** Groups the calendar's VEVENTs by UID, reading each through a component that is dropped at once. */
function groupByUid(root: ICAL.Component): RawGroup[] {
  const collected = new Map<string, unknown[]>();
  for (const jCal of root.jCal[2] as unknown[][]) {
    if (jCal[0] !== 'vevent') continue;
    const uid = String(new ICAL.Component(jCal).getFirstPropertyValue('uid')).trim();
    let events = collected.get(uid);
    if (!events) collected.set(uid, (events = []));
    events.push(jCal);
  }
  return [...collected].map(([uid, events]) => ({ uid, events }));
}

/**
 * One UID's VEVENTs as components of the calendar (its VTIMEZONEs resolve their TZIDs). When a
 * feed repeats a master or an exception, the highest SEQUENCE wins (RFC 5545 §3.8.7.4), and the
 * later one in the file on a tie.
 */
function hydrateGroup(raw: RawGroup, root: ICAL.Component, timeline: Timeline): EventGroup {
  let master: ICAL.Component | undefined;
  const exceptions: ICAL.Component[] = [];
  for (const jCal of raw.events) {
    const event = new ICAL.Component(jCal as unknown[], root);
    if (event.hasProperty('recurrence-id')) exceptions.push(event);
    else master = newerOf(master, event);
  }
  return {
    uid: raw.uid,
    ...(master ? { master } : {}),
    exceptions: keyedByOriginalStart(exceptions, master, timeline),
  };
}

/** Keys exceptions by their original start, read in the master's zone when written floating. */
function keyedByOriginalStart(
  exceptions: ICAL.Component[],
  master: ICAL.Component | undefined,
  timeline: Timeline,
): Map<number, ICAL.Component> {
  const seriesZone = master ? startOf(master).zone : undefined;
  const keyed = new Map<number, ICAL.Component>();
  for (const exception of exceptions) {
    const recurrenceId = exception.getFirstPropertyValue('recurrence-id') as ICAL.Time;
    const key = timeline.instantOf(recurrenceId, seriesZone);
    keyed.set(key, newerOf(keyed.get(key), exception));
  }
  return keyed;
}

function newerOf(current: ICAL.Component | undefined, candidate: ICAL.Component): ICAL.Component {
  if (!current) return candidate;
  const sequence = (event: ICAL.Component) => Number(event.getFirstPropertyValue('sequence') ?? 0) || 0;
  return sequence(candidate) >= sequence(current) ? candidate : current;
}

function toCalendarEvent(uid: string, occurrence: Occurrence, facts: EventFacts): CalendarEvent {
  const recurrenceId =
    occurrence.recurrenceIdMs === undefined ? undefined : new Date(occurrence.recurrenceIdMs).toISOString();
  const { attendees, organizer, rapportHold, ...rest } = facts;
  return {
    uid,
    instanceKey: instanceKeyOf(uid, recurrenceId),
    ...(recurrenceId ? { recurrenceId } : {}),
    start: new Date(occurrence.startMs).toISOString(),
    end: new Date(occurrence.endMs).toISOString(),
    allDay: occurrence.allDay,
    ...rest,
    // Fresh objects per instance: a consumer editing one instance must not edit its siblings.
    attendees: attendees.map((attendee) => ({ ...attendee })),
    ...(organizer ? { organizer: { ...organizer } } : {}),
    ...(rapportHold ? { rapportHold: { ...rapportHold } } : {}),
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
