import ICAL from 'ical.js';
import { MalformedCalendar } from '../../../core/ports/calendar.js';
import { checkedPropertyText, splitContentLine, type SplitContentLine } from './content-line.js';
import { unfoldContentLines, type ContentLine } from './lines.js';

/**
 * iCalendar text → a validated ical.js component tree. We build the tree line by line
 * (ical.js parses each property) instead of calling `ICAL.parse` on the whole text, so every
 * problem is reported with the line it is on, and so later stages can still name the line of a
 * property (e.g. a DTEND before its DTSTART).
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
}

export function parseCalendar(input: string | Uint8Array): ParsedCalendar {
  const lines = unfoldContentLines(input);
  const first = lines[0];
  if (!first || first.text.trim().toUpperCase() !== 'BEGIN:VCALENDAR') {
    throw new MalformedCalendar('the calendar does not start with BEGIN:VCALENDAR', first?.line ?? 1);
  }

  const positions = new WeakMap<object, ComponentLines>();
  const stack: OpenComponent[] = [];
  let root: JCalComponent | undefined;

  const warnings: string[] = [];
  /** Open components inside a skipped, too-deep one. */
  let skipping = 0;
  for (const contentLine of lines) {
    if (root) throw new MalformedCalendar('content after END:VCALENDAR', contentLine.line);
    const split = splitContentLine(contentLine);
    const current = stack.at(-1);
    if (skipping > 0) {
      if (split.name === 'BEGIN') skipping++;
      else if (split.name === 'END') skipping--;
      continue;
    }
    if (split.name === 'BEGIN' && stack.length >= MAX_COMPONENT_DEPTH) {
      skipping = 1;
      if (warnings.length === 0 || !warnings.at(-1)!.startsWith('components nested')) {
        warnings.push(`components nested more than ${MAX_COMPONENT_DEPTH} levels deep were skipped (line ${contentLine.line})`);
      }
      continue;
    }
    if (split.name === 'BEGIN') {
      const opened = openComponent(split.value, contentLine.line);
      current?.jCal[2].push(opened.jCal);
      stack.push(opened);
    } else if (split.name === 'END') {
      const closed = closeComponent(stack, split.value, contentLine.line);
      positions.set(closed.jCal, { begin: closed.begin, properties: closed.properties });
      if (stack.length === 0) root = closed.jCal;
    } else if (current) {
      addProperty(current, split, contentLine);
    }
  }

  const unclosed = stack.at(-1);
  if (!root || unclosed) {
    const name = unclosed?.name ?? 'VCALENDAR';
    throw new MalformedCalendar(`BEGIN:${name} is never closed by END:${name}`, unclosed?.begin ?? first.line);
  }
  return {
    root: new ICAL.Component(root),
    linesOf: (component) => positions.get(component.jCal),
    warnings,
  };
}

function openComponent(value: string, line: number): OpenComponent {
  const name = value.trim().toUpperCase();
  if (!/^[A-Z0-9-]+$/.test(name)) throw new MalformedCalendar(`BEGIN has an invalid component name`, line);
  return { name, jCal: [name.toLowerCase(), [], []], begin: line, properties: new Map() };
}

function closeComponent(stack: OpenComponent[], value: string, line: number): OpenComponent {
  const name = value.trim().toUpperCase();
  const open = stack.pop();
  if (!open) throw new MalformedCalendar(`END:${name} has no matching BEGIN`, line);
  if (open.name !== name) {
    throw new MalformedCalendar(`END:${name} does not close BEGIN:${open.name} (opened on line ${open.begin})`, line);
  }
  if (name === 'VEVENT') requireEventProperties(open);
  return open;
}

/** RFC 5545 §3.6.1: UID is required; DTSTART is required when the calendar has no METHOD. */
function requireEventProperties(event: OpenComponent): void {
  for (const required of ['dtstart', 'uid']) {
    if (!event.properties.has(required)) {
      throw new MalformedCalendar(`VEVENT has no ${required.toUpperCase()}`, event.begin);
    }
  }
}

function addProperty(component: OpenComponent, split: SplitContentLine, { line }: ContentLine): void {
  if (split.name === 'UID' && split.value.trim() === '') throw new MalformedCalendar('UID is empty', line);
  const text = checkedPropertyText(split, line);
  let property: unknown;
  try {
    property = ICAL.parse.property(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new MalformedCalendar(`cannot read ${split.name}: ${reason}`, line, { cause: error });
  }
  component.jCal[1].push(property);
  const key = split.name.toLowerCase();
  if (!component.properties.has(key)) component.properties.set(key, line);
}
