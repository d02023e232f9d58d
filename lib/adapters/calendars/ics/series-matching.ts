import type ICAL from 'ical.js';
import type { SeriesStart } from './series-starts.js';
import type { Timeline } from './timing.js';

/** Which instance of a series an exception VEVENT or an EXDATE names. */

/**
 * An exception replaces the instance with its RECURRENCE-ID: by instant for a timed series; by
 * date for an all-day one, because Outlook writes an all-day instance's RECURRENCE-ID as a
 * midnight date-time in the organiser's zone (`TZID=GMT Standard Time:20200903T000000`).
 */
export function exceptionMatcher(exceptions: ReadonlyMap<number, ICAL.Component>, allDay: boolean) {
  const byDay = new Map<string, ICAL.Component>();
  if (allDay) {
    for (const exception of exceptions.values()) {
      byDay.set(dayKey(exception.getFirstPropertyValue('recurrence-id') as ICAL.Time), exception);
    }
  }
  return (start: SeriesStart): ICAL.Component | undefined =>
    exceptions.get(start.ms) ?? (allDay ? byDay.get(dayKey(start.time)) : undefined);
}

/**
 * EXDATE (§3.8.5.1): by instant; a DATE EXDATE on a timed series removes that whole day, and on
 * an all-day series any EXDATE removes its date (Outlook writes them as midnight date-times).
 */
export function excludedStartsOf(master: ICAL.Component, timeline: Timeline, seriesZone: ICAL.Timezone, allDay: boolean) {
  const instants = new Set<number>();
  const days = new Set<string>();
  for (const property of master.getAllProperties('exdate')) {
    for (const value of property.getValues() as ICAL.Time[]) {
      instants.add(timeline.instantOf(value, seriesZone));
      if (value.isDate || allDay) days.add(dayKey(value));
    }
  }
  return (startMs: number, start?: ICAL.Time): boolean =>
    instants.has(startMs) || (days.size > 0 && start !== undefined && days.has(dayKey(start)) && (allDay || !start.isDate));
}

function dayKey(time: ICAL.Time): string {
  return `${time.year}-${time.month}-${time.day}`;
}
