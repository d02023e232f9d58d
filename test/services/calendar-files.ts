import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Small ICS calendars written to a temp folder, one scenario per test. */

export interface IcsEventSpec {
  uid: string;
  start: string; // UTC, e.g. 20261102T090000Z
  end: string;
  summary: string;
  attendees: { email: string; name?: string; partstat?: string; cutype?: string }[];
  status?: string;
}

export function icsCalendar(events: IcsEventSpec[]): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Rapport tests//EN'];
  for (const e of events) {
    lines.push('BEGIN:VEVENT', `UID:${e.uid}`, 'DTSTAMP:20261101T000000Z', `DTSTART:${e.start}`, `DTEND:${e.end}`, `SUMMARY:${e.summary}`);
    if (e.status) lines.push(`STATUS:${e.status}`);
    for (const a of e.attendees) {
      const params = [a.name ? `CN="${a.name}"` : '', `PARTSTAT=${a.partstat ?? 'ACCEPTED'}`, `CUTYPE=${a.cutype ?? 'INDIVIDUAL'}`].filter(Boolean).join(';');
      lines.push(`ATTENDEE;${params}:mailto:${a.email}`);
    }
    lines.push('END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return lines.join('\r\n') + '\r\n';
}

export function calendarFolder(): { write(name: string, text: string): string } {
  const dir = mkdtempSync(join(tmpdir(), 'rapport-cal-'));
  return {
    write(name, text) {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    },
  };
}
