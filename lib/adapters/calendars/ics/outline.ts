import ICAL from 'ical.js';
import type { WindowMs } from './timing.js';

/**
 * A single event (no RRULE, RDATE or RECURRENCE-ID) that certainly lies outside the window
 * being read is kept in the parsed tree as an outline: what places it in time (DTSTART, DTEND,
 * DURATION) and in its UID group (UID, SEQUENCE). Its title, people and the rest are never
 * read: its only instance is outside the window, and an exception that moves it into the
 * window describes itself. A published feed holds years of events around the few months a
 * sync reads, and their attendees were most of a 20 MB feed's tree.
 *
 * "Certainly" is judged on the wall-clock values before zones are known (a VTIMEZONE may come
 * after the event): no zone moves a time by more than a day (RFC 5545 §3.3.14 offsets stay
 * under 24 hours), and the margin is a week, so only a time the parser could not read as a
 * plain date or date-time keeps an event whole.
 */

const DAY_MS = 86_400_000;
const MARGIN_MS = 7 * DAY_MS;
const OUTLINE: ReadonlySet<string> = new Set(['uid', 'sequence', 'dtstart', 'dtend', 'duration']);
const RECURRING: ReadonlySet<string> = new Set(['rrule', 'rdate', 'recurrence-id']);

type JCalProperty = [name: string, params: unknown, type: string, ...values: unknown[]];

/** The event's properties, or only its outline when it lies outside `window` whatever its zones. */
export function outlineIfOutside(properties: JCalProperty[], window: WindowMs): JCalProperty[] {
  if (properties.some(([name]) => RECURRING.has(name))) return properties;
  const span = wallClockSpanOf(properties);
  const outside = span !== undefined && (span.toMs + MARGIN_MS < window.fromMs || span.fromMs - MARGIN_MS >= window.toMs);
  return outside ? properties.filter(([name]) => OUTLINE.has(name)) : properties;
}

/** From the earliest to the latest of its times read as UTC, plus a day (an all-day event's length). */
function wallClockSpanOf(properties: JCalProperty[]): WindowMs | undefined {
  const value = (name: string) => properties.find((property) => property[0] === name)?.[3];
  const start = wallClockMs(value('dtstart'));
  if (start === undefined) return undefined;
  const end = value('dtend') === undefined ? start : wallClockMs(value('dtend'));
  const duration = value('duration') === undefined ? 0 : durationMs(value('duration'));
  if (end === undefined || duration === undefined) return undefined;
  const times = [start, end, start + duration];
  return { fromMs: Math.min(...times), toMs: Math.max(...times) + DAY_MS };
}

const DATE_OR_DATE_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}Z?)?$/;

/** A jCal DATE (`2026-11-21`) or DATE-TIME (`2026-11-21T10:00:00`, `…Z`) as if it were UTC. */
function wallClockMs(value: unknown): number | undefined {
  if (typeof value !== 'string' || !DATE_OR_DATE_TIME.test(value)) return undefined;
  const ms = Date.parse(value.length === 10 || value.endsWith('Z') ? value : `${value}Z`);
  return Number.isNaN(ms) ? undefined : ms;
}

function durationMs(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const seconds = ICAL.Duration.fromString(value).toSeconds();
    return Number.isFinite(seconds) ? seconds * 1000 : undefined;
  } catch {
    return undefined;
  }
}
