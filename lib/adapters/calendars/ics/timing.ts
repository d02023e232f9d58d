import type ICAL from 'ical.js';
import type { TimeZone } from '../../../core/domain/zones.js';
import { MalformedCalendar } from '../../../core/ports/calendar.js';
import type { ParsedCalendar } from './parse.js';
import { instantOf } from './zones.js';

/**
 * When an event (or one instance of it) starts and ends, as instants. Knows the rules for
 * all-day events, DTEND vs DURATION, and names the offending line when times are impossible.
 */

/** How long each instance lasts. */
export type InstanceLength =
  /** All-day: whole calendar days, DTEND exclusive (RFC 5545 §3.6.1). */
  | { kind: 'days'; days: number }
  /** Given by DTEND: every instance lasts the same exact time (RFC 5545 §3.8.5.3). */
  | { kind: 'exact'; ms: number }
  /** Given by DURATION: days and weeks are nominal (wall-clock), the rest exact (RFC 5545 §3.3.6). */
  | { kind: 'nominal'; days: number; ms: number };

/** One instance of an event, before it is described as a CalendarEvent. */
export interface Occurrence {
  /** The VEVENT whose properties (title, attendees, status) describe this instance. */
  source: ICAL.Component;
  startMs: number;
  endMs: number;
  allDay: boolean;
  /** Original start of a recurring instance (RECURRENCE-ID). */
  recurrenceIdMs?: number;
}

export interface Timeline {
  instantOf(time: ICAL.Time, fallbackZone?: ICAL.Timezone): number;
  lengthOf(event: ICAL.Component): InstanceLength;
  endOf(start: ICAL.Time, startMs: number, length: InstanceLength, fallbackZone?: ICAL.Timezone): number;
  /** The event's own start and end (a single event, or an exception VEVENT). */
  ownTiming(event: ICAL.Component, fallbackZone?: ICAL.Timezone): Omit<Occurrence, 'recurrenceIdMs'>;
  malformed(event: ICAL.Component, property: string, message: string): MalformedCalendar;
}

const DAY_MS = 86_400_000;

export function createTimeline(calendar: ParsedCalendar, floating: TimeZone): Timeline {
  const timeline: Timeline = {
    instantOf: (time, fallbackZone) => instantOf(time, floating, fallbackZone),

    lengthOf(event) {
      const start = startOf(event);
      const end = event.getFirstPropertyValue('dtend') as ICAL.Time | null;
      if (end) {
        if (start.isDate) {
          const days = calendarDaysBetween(start, end);
          if (days < 0) throw timeline.malformed(event, 'dtend', 'DTEND is before DTSTART');
          // DTEND equal to DTSTART on an all-day event is read as one day, as calendars show it.
          return { kind: 'days', days: Math.max(days, 1) };
        }
        const ms = instantOf(end, floating, start.zone) - instantOf(start, floating);
        if (ms < 0) throw timeline.malformed(event, 'dtend', 'DTEND is before DTSTART');
        return { kind: 'exact', ms };
      }
      const duration = event.getFirstPropertyValue('duration') as ICAL.Duration | null;
      if (duration) {
        if (duration.isNegative) throw timeline.malformed(event, 'duration', 'DURATION is negative');
        const days = duration.weeks * 7 + duration.days;
        if (start.isDate) return { kind: 'days', days: Math.max(days, 1) };
        const ms = ((duration.hours * 60 + duration.minutes) * 60 + duration.seconds) * 1000;
        return { kind: 'nominal', days, ms };
      }
      // No DTEND or DURATION: an all-day event lasts one day, a timed one is a moment (§3.6.1).
      return start.isDate ? { kind: 'days', days: 1 } : { kind: 'exact', ms: 0 };
    },

    endOf(start, startMs, length, fallbackZone) {
      if (length.kind === 'exact') return startMs + length.ms;
      const shifted = start.clone();
      shifted.adjust(length.days, 0, 0, 0);
      return instantOf(shifted, floating, fallbackZone) + (length.kind === 'nominal' ? length.ms : 0);
    },

    ownTiming(event, fallbackZone) {
      const start = startOf(event);
      const startMs = instantOf(start, floating, fallbackZone);
      const endMs = timeline.endOf(start, startMs, timeline.lengthOf(event), fallbackZone);
      return { source: event, startMs, endMs, allDay: start.isDate };
    },

    malformed(event, property, message) {
      const lines = calendar.linesOf(event);
      return new MalformedCalendar(message, lines?.properties.get(property) ?? lines?.begin);
    },
  };
  return timeline;
}

export function startOf(event: ICAL.Component): ICAL.Time {
  return event.getFirstPropertyValue('dtstart') as ICAL.Time;
}

function calendarDaysBetween(from: ICAL.Time, to: ICAL.Time): number {
  return (Date.UTC(to.year, to.month - 1, to.day) - Date.UTC(from.year, from.month - 1, from.day)) / DAY_MS;
}

/** Whether an instance overlaps the half-open window; a zero-length one counts at its start. */
export function overlapsWindow(occurrence: { startMs: number; endMs: number }, window: WindowMs): boolean {
  if (occurrence.endMs === occurrence.startMs) {
    return occurrence.startMs >= window.fromMs && occurrence.startMs < window.toMs;
  }
  return occurrence.startMs < window.toMs && occurrence.endMs > window.fromMs;
}

/** A TimeWindow as epoch milliseconds. */
export interface WindowMs {
  fromMs: number;
  toMs: number;
}
