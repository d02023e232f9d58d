import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
// The parser alone, not the ICS adapter: the adapter's cursor codec loads zod (~0.1 s of start-up).
import { parseIcsEvents } from '../../adapters/calendars/ics/events.js';
import { ExpansionReport } from '../../adapters/calendars/ics/series.js';
import { CalendarError } from '../../core/ports/calendar.js';
import { inferMeetings } from '../../core/domain/inference.js';
import { DEFAULT_SMALL_MEETING_MAX_PEOPLE } from '../../core/domain/settings.js';
import { CliError, usageError } from './errors.js';

/**
 * `rapport infer FILE.ics --me EMAIL [--me EMAIL ...] --now ISO_INSTANT --json`
 * A stable contract (people's scripts and our acceptance checks use it): one JSON object with
 * every instance that happened with at least one other person, and every other instance with
 * the reason it did not count. Nothing is stored.
 */
export const INFER_USAGE = 'rapport infer FILE.ics --me EMAIL [--me EMAIL ...] --now ISO_INSTANT [--json] [--zone IANA]';

const YEAR_MS = 366 * 86_400_000;

export async function runInfer(argv: string[], out: (text: string) => void): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      me: { type: 'string', multiple: true },
      now: { type: 'string' },
      json: { type: 'boolean', default: false },
      zone: { type: 'string' },
    },
  });
  const file = positionals[0];
  if (!file || positionals.length > 1) throw usageError(`Give exactly one ICS file.\nUsage: ${INFER_USAGE}`);
  const me = (values.me ?? []).map((e) => e.trim().toLowerCase()).filter(Boolean);
  if (me.length === 0) throw usageError(`Give your own address with --me (repeat it for each address).\nUsage: ${INFER_USAGE}`);
  if (!values.now || Number.isNaN(Date.parse(values.now)) || !/T/.test(values.now)) {
    throw usageError(`Give --now as an ISO instant such as 2027-03-24T12:00:00Z.\nUsage: ${INFER_USAGE}`);
  }
  const now = new Date(values.now).toISOString();

  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new CliError(`Cannot read ${file}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`);
  });
  let events;
  const report = new ExpansionReport();
  try {
    // Five years back and a year ahead covers any realistic export while keeping expansion bounded.
    const window = { from: new Date(Date.parse(now) - 5 * YEAR_MS).toISOString(), to: new Date(Date.parse(now) + YEAR_MS).toISOString() };
    events = parseIcsEvents(text, window, { floatingTimeZone: values.zone ?? 'UTC', report });
  } catch (error) {
    if (error instanceof CalendarError) throw new CliError(`${file}: ${error.message}`);
    throw error;
  }

  const verdicts = inferMeetings(events, { ownerEmails: me, smallMeetingMaxPeople: DEFAULT_SMALL_MEETING_MAX_PEOPLE }, now);
  const firstStart = new Map<string, string>();
  for (const event of events) if (!firstStart.has(event.uid)) firstStart.set(event.uid, event.start);
  const result = {
    meetings: verdicts.flatMap((v) => (v.counted ? [{ uid: v.event.uid, start: v.event.start, end: v.event.end, with: v.with }] : [])),
    excluded: [
      ...verdicts.flatMap((v) => (v.counted ? [] : [{ uid: v.event.uid, start: v.event.start, reason: v.reason as string }])),
      // What could not be read as written: a skipped rule (`invalid: …`), a dropped exception
      // (`dropped: …`), and a series cut short (`truncated`: its instances after `start` were not read).
      ...report.warnings.map((w) => ({ uid: w.uid, ...(firstStart.has(w.uid) ? { start: firstStart.get(w.uid)! } : {}), reason: w.reason })),
      ...report.truncated.map((t) => ({ uid: t.uid, start: new Date(t.afterMs).toISOString(), reason: 'truncated' })),
    ],
    ...(report.calendarWarnings.length ? { warnings: report.calendarWarnings } : {}),
  };
  if (values.json) {
    out(JSON.stringify(result, null, 2));
    return;
  }
  out(`${result.meetings.length} meetings, ${result.excluded.length} events not counted`);
  for (const m of result.meetings) out(`  met   ${m.start}  ${m.with.join(', ')}`);
  for (const x of result.excluded) out(`  skip  ${x.start ?? '(no start)'}  ${x.reason}  (${x.uid})`);
  for (const warning of result.warnings ?? []) out(`  note  ${warning}`);
}
