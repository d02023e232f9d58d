import { createHash, type Hash } from 'node:crypto';
import ICAL from 'ical.js';
import { MalformedCalendar } from '../../../core/ports/calendar.js';
import { checkedPropertyText, splitContentLine, type SplitContentLine } from './content-line.js';
import { contentLinesOf, type ContentLine } from './lines.js';
import { outlineIfOutside } from './outline.js';
import type { WindowMs } from './timing.js';

/**
 * iCalendar text → an ical.js component tree. We build the tree line by line (ical.js parses
 * each property) instead of calling `ICAL.parse` on the whole text, so every problem is
 * reported with the line it is on. Only a file that is not a calendar is refused; inside one,
 * what real exports get wrong is repaired or left out and said: an event that cannot be read
 * (`invalid`), a lost or misspelled END, a fold that lost its space, absurd nesting (`warnings`).
 */

/** Where a component and its properties start in the original text (1-based lines). */
export interface ComponentLines {
  begin: number;
  /** First line of each property, by lowercase name. */
  properties: ReadonlyMap<string, number>;
}

export interface ParsedCalendar {
  /** The VCALENDAR component. */
  root: ICAL.Component;
  linesOf(component: ICAL.Component): ComponentLines | undefined;
  /** What was read differently from how it was written, in words (e.g. components nested too deep, skipped). */
  warnings: string[];
  /** Events that could not be read at all; the rest of the calendar is read without them. */
  invalid: InvalidEvent[];
}

/**
 * Real calendars nest four levels at most (VCALENDAR › VEVENT › VALARM, VCALENDAR › VTIMEZONE ›
 * STANDARD); deeper components are skipped with a warning, so a pathological file cannot
 * exhaust the stack of any code that walks the tree.
 */
export const MAX_COMPONENT_DEPTH = 8;

type JCalComponent = [name: string, properties: unknown[], components: JCalComponent[]];

interface OpenComponent {
  name: string;
  jCal: JCalComponent;
  begin: number;
  properties: Map<string, number>;
  /** The raw lines read so far, for a UID derived from the content. */
  content: Hash;
  uid?: string;
  /** Why this component cannot be used (the first reason found). */
  problem?: string;
}

/** A VEVENT left out, and why (`invalid: …`), for the connection page and `rapport infer`. */
export interface InvalidEvent {
  uid?: string;
  line: number;
  reason: string;
}

export interface ParseOptions {
  /** The window that will be read: single events certainly outside it keep only their outline (outline.ts). Default: every event whole. */
  detailsWithin?: WindowMs;
}

export function parseCalendar(input: string | Uint8Array, options: ParseOptions = {}): ParsedCalendar {
  // Lines are read as the tree is built, never all held at once (a 20 MB feed has half a million).
  const lines = contentLinesOf(input);
  const first = lines.next().value;
  if (!first || first.text.trim().toUpperCase() !== 'BEGIN:VCALENDAR') {
    throw new MalformedCalendar('the calendar does not start with BEGIN:VCALENDAR', first?.line ?? 1);
  }

  const positions = new WeakMap<object, PackedLines>();
  const stack: OpenComponent[] = [];
  let root: JCalComponent | undefined;
  const warnings: string[] = [];
  const invalid: InvalidEvent[] = [];
  const warnOnce = (prefix: string, text: string) => {
    if (!warnings.some((w) => w.startsWith(prefix))) warnings.push(text);
  };
  /** Closes the innermost open component: kept in its parent, or, with a problem, left out (an event is then listed as invalid). */
  const close = (line: number) => {
    const closed = stack.pop()!;
    if (closed.name === 'VEVENT') {
      completeEvent(closed, warnings);
      if (options.detailsWithin) closed.jCal[1] = outlineIfOutside(closed.jCal[1] as Parameters<typeof outlineIfOutside>[0], options.detailsWithin);
    }
    positions.set(closed.jCal, packLines(closed));
    const parent = stack.at(-1);
    if (!parent) {
      root = closed.jCal;
      return;
    }
    // Nothing reads inside an event (its alarms): only its own properties are kept.
    if (closed.problem === undefined) {
      if (parent.name !== 'VEVENT') parent.jCal[2].push(closed.jCal);
    }
    else if (closed.name === 'VEVENT') invalid.push({ ...(closed.uid ? { uid: closed.uid } : {}), line: closed.begin, reason: closed.problem });
    else warnings.push(`${closed.name} on line ${closed.begin} was skipped: ${closed.problem} (closed on line ${line})`);
  };

  /** Open components inside a skipped, too-deep one. */
  let skipping = 0;
  for (let next: IteratorResult<ContentLine> = { value: first }; !next.done; next = lines.next()) {
    const contentLine = next.value;
    if (root) throw new MalformedCalendar('content after END:VCALENDAR', contentLine.line);
    let split: SplitContentLine;
    try {
      split = splitContentLine(contentLine);
    } catch (error) {
      // Most often a folded line that lost its leading space: the line is skipped, the event kept.
      if (!(error instanceof MalformedCalendar)) throw error;
      warnOnce('line ', `line ${contentLine.line} is not a property (a folded line missing its leading space?) and was skipped`);
      continue;
    }
    const current = stack.at(-1);
    if (skipping > 0) {
      if (split.name === 'BEGIN') skipping++;
      else if (split.name === 'END') skipping--;
      continue;
    }
    if (split.name === 'BEGIN' && stack.length >= MAX_COMPONENT_DEPTH) {
      skipping = 1;
      warnOnce('components nested', `components nested more than ${MAX_COMPONENT_DEPTH} levels deep were skipped (line ${contentLine.line})`);
      continue;
    }
    if (split.name === 'BEGIN') {
      const name = split.value.trim().toUpperCase();
      // Events do not nest: a BEGIN:VEVENT inside one means the first lost its END.
      if (name === 'VEVENT' && stack.some((open) => open.name === 'VEVENT')) {
        while (stack.at(-1)!.name !== 'VEVENT') close(contentLine.line);
        warnings.push(`the event that begins on line ${stack.at(-1)!.begin} has no END:VEVENT; it was read up to line ${contentLine.line - 1}`);
        close(contentLine.line);
      }
      stack.push(openComponent(split.value, contentLine.line));
    } else if (split.name === 'END') {
      endComponent(stack, split.value.trim().toUpperCase(), contentLine.line, close, warnings);
    } else if (current) {
      addProperty(current, split, contentLine, warnings);
    }
  }

  const unclosed = stack.at(-1);
  if (!root || unclosed) {
    const name = unclosed?.name ?? 'VCALENDAR';
    throw new MalformedCalendar(`BEGIN:${name} is never closed by END:${name}`, unclosed?.begin ?? first.line);
  }
  return {
    root: new ICAL.Component(root),
    linesOf: (component) => {
      const packed = positions.get(component.jCal);
      return packed && unpackLines(packed);
    },
    warnings,
    invalid,
  };
}

/**
 * A closed component's lines as one flat array, `[begin, name, line, name, line, …]`: kept for
 * every component of the file, and read only to name a line in an error, so small beats handy.
 */
type PackedLines = (string | number)[];

function packLines(component: OpenComponent): PackedLines {
  return [component.begin, ...[...component.properties].flat()];
}

function unpackLines([begin, ...properties]: PackedLines): ComponentLines {
  const lines = new Map<string, number>();
  for (let i = 0; i < properties.length; i += 2) lines.set(properties[i] as string, properties[i + 1] as number);
  return { begin: begin as number, properties: lines };
}

/**
 * An END: the innermost open component's, as written; one further out closes the ones inside
 * it (their ENDs were lost); a name nothing open has (`END:VEVNT`) closes the innermost one,
 * unless that is the calendar itself, where a stray END is skipped. Each repair is said.
 */
function endComponent(stack: OpenComponent[], name: string, line: number, close: (line: number) => void, warnings: string[]): void {
  const open = stack.at(-1);
  if (!open) throw new MalformedCalendar(`END:${name} has no matching BEGIN`, line);
  if (open.name === name) return close(line);
  const outer = stack.findLastIndex((component) => component.name === name);
  if (outer >= 0) {
    warnings.push(`END:${name} on line ${line} also closes BEGIN:${open.name} (line ${open.begin}), which had no END`);
    while (stack.length > outer) close(line);
    return;
  }
  if (stack.length === 1) {
    warnings.push(`END:${name} on line ${line} closes nothing and was skipped`);
    return;
  }
  warnings.push(`END:${name} on line ${line} was read as END:${open.name}`);
  close(line);
}

function openComponent(value: string, line: number): OpenComponent {
  const name = value.trim().toUpperCase();
  if (!/^[A-Z0-9-]+$/.test(name)) throw new MalformedCalendar(`BEGIN has an invalid component name`, line);
  return { name, jCal: [name.toLowerCase(), [], []], begin: line, properties: new Map(), content: createHash('sha256') };
}

/**
 * RFC 5545 §3.6.1: UID and DTSTART are required. An event without a UID is still an event: it
 * gets a stable one derived from its content, as the best readers do; one without DTSTART has
 * no time and is listed as invalid.
 */
function completeEvent(event: OpenComponent, warnings: string[]): void {
  if (!event.properties.has('dtstart')) event.problem ??= 'invalid: VEVENT has no DTSTART';
  if (swapBackwardTimes(event)) warnings.push(`the event on line ${event.begin} ends before it starts; it was read as running from its DTEND to its DTSTART`);
  if (!event.properties.has('uid')) {
    const uid = `derived-${event.content.digest('hex').slice(0, 24)}@rapport`;
    event.jCal[1].push(['uid', {}, 'text', uid]);
    event.uid = uid;
  }
}

function addProperty(component: OpenComponent, split: SplitContentLine, contentLine: ContentLine, warnings: string[]): void {
  const { line } = contentLine;
  const key = split.name.toLowerCase();
  component.content.update(`${contentLine.text}\n`);
  if (key === 'uid') {
    const uid = split.value.trim();
    if (uid === '') return; // read as no UID: one is derived from the event's content
    component.uid ??= uid;
  }
  let property: unknown;
  try {
    property = ICAL.parse.property(checkedPropertyText(split, line));
  } catch (error) {
    const reason = error instanceof MalformedCalendar ? error.message.replace(/ \(line \d+\)$/, '') : `cannot read ${split.name}: ${error instanceof Error ? error.message : String(error)}`;
    if (key === 'rrule') {
      // Kept as written: the recurrence engine says exactly what is wrong with it (series-starts.ts).
      property = ['rrule', {}, 'text', split.value];
    } else if (component.name === 'VEVENT' && TIMING_PROPERTIES.has(key)) {
      component.problem ??= `invalid: ${reason} (line ${line})`;
      return;
    } else {
      warnings.push(`${split.name} on line ${line} was skipped: ${reason}`);
      return;
    }
  }
  // Every line is parsed, so what cannot be read is said; an event keeps only what is read of it.
  const name = component.name === 'VEVENT' ? EVENT_PROPERTIES_READ.get(key) : key;
  if (name === undefined) return;
  (property as unknown[])[0] = name;
  component.jCal[1].push(property);
  if (!component.properties.has(name)) component.properties.set(name, line);
}

/**
 * The VEVENT properties anything reads (expand.ts, series*.ts, timing.ts, mapping.ts): the
 * others (descriptions, locations, stamps, alarms) are checked as they are parsed, then left
 * out of the tree, which a 20 MB feed would otherwise fill with tens of thousands of events'
 * notes. Each name is one shared string, not one per event. A reader of a new property adds it here.
 */
const EVENT_PROPERTIES_READ: ReadonlyMap<string, string> = new Map(
  [
    'uid', 'sequence', 'dtstart', 'dtend', 'duration', 'rrule', 'rdate', 'exdate', 'recurrence-id',
    'summary', 'status', 'transp', 'organizer', 'attendee', 'x-rapport-kind', 'x-rapport-proposal', 'x-microsoft-cdo-busystatus',
  ].map((name) => [name, name]),
);

/**
 * A DTEND before its DTSTART, both in the same zone and of the same kind (the common case: a
 * hand-edited or badly exported event): the two are swapped, so the event covers the time
 * between them. Different zones cannot be compared before the zones are read; those stay and
 * the event is reported invalid when its times are read.
 */
function swapBackwardTimes(event: OpenComponent): boolean {
  const props = event.jCal[1] as [string, Record<string, unknown>, string, ...unknown[]][];
  const start = props.find((p) => p[0] === 'dtstart');
  const end = props.find((p) => p[0] === 'dtend');
  if (!start || !end || start[2] !== end[2] || start[1].tzid !== end[1].tzid) return false;
  const [startValue, endValue] = [start[3], end[3]];
  if (typeof startValue !== 'string' || typeof endValue !== 'string' || startValue.endsWith('Z') !== endValue.endsWith('Z') || endValue >= startValue) return false;
  start[3] = endValue;
  end[3] = startValue;
  return true;
}

/** Without these an event's times cannot be known: an unreadable one makes the event invalid. */
const TIMING_PROPERTIES: ReadonlySet<string> = new Set(['dtstart', 'dtend', 'duration', 'recurrence-id', 'rdate', 'exdate']);
