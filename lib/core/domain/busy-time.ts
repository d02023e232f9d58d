import type { CalendarEvent } from './event.js';

/** A half-open interval of instants, ISO UTC strings. */
export interface TimeWindow {
  from: string;
  to: string;
}

/** Time a calendar says is taken, as the slot finder reads it. */
export interface BusyInterval {
  start: string;
  end: string;
  /** Set when the busy time is one of Rapport's holds: a booking ignores its own proposal's holds. */
  proposalId?: string;
}

/**
 * Which events make the user unavailable, as merged intervals inside the window (epoch ms).
 *
 * Cancelled and transparent (TRANSP:TRANSPARENT) events never block, nor does an event the
 * user declined, nor a working-location marker ("working elsewhere" is still working).
 * Opaque all-day events DO block: calendars write all-day markers (birthdays, holidays) as
 * transparent by default, so an opaque one is the user saying "I am away" (a trip, a day off).
 * Focus blocks, out-of-office and Rapport's own holds block (a hold is a slot already offered).
 */
export function busyIntervalsOf(
  events: readonly CalendarEvent[],
  window: { fromMs: number; toMs: number },
  ownerEmails: readonly string[],
): BusyInterval[] {
  const owners = new Set(ownerEmails.map((email) => email.trim().toLowerCase()));
  const spans = events
    .filter((event) => blocksTime(event, owners))
    .map((event) => ({
      startMs: Math.max(Date.parse(event.start), window.fromMs),
      endMs: Math.min(Date.parse(event.end), window.toMs),
    }));
  return mergeSpans(spans).map((span) => ({ start: new Date(span.startMs).toISOString(), end: new Date(span.endMs).toISOString() }));
}

/** Overlapping or touching spans become one; empty spans go. Sorted by start. */
export function mergeSpans(spans: readonly { startMs: number; endMs: number }[]): { startMs: number; endMs: number }[] {
  const sorted = spans.filter((span) => span.endMs > span.startMs).sort((a, b) => a.startMs - b.startMs);
  const merged: { startMs: number; endMs: number }[] = [];
  for (const span of sorted) {
    const last = merged.at(-1);
    if (last && span.startMs <= last.endMs) last.endMs = Math.max(last.endMs, span.endMs);
    else merged.push({ ...span });
  }
  return merged;
}

function blocksTime(event: CalendarEvent, owners: ReadonlySet<string>): boolean {
  if (event.status === 'cancelled' || event.transparent || event.kind === 'working-location') return false;
  return !event.attendees.some((attendee) => owners.has(attendee.email) && attendee.response === 'declined');
}
