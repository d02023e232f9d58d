import { resolve } from 'node:path';
import { DateTime } from 'luxon';
import { createIcsSource } from '../../adapters/calendars/ics/adapter.js';
import { CalendarError } from '../../core/ports/calendar.js';
import { type BusyInterval, type TimeWindow } from '../../core/domain/busy-time.js';
import { findFreeSlots, type Slot } from '../../core/domain/slots.js';
import { CliError } from './errors.js';
import { parseSlotsArgs, type SlotsRequest } from './slots-args.js';

/**
 * `rapport slots --zone IANA --window "tue 08:30-10:00" … --from ISO --to ISO --duration MIN
 * [--step MIN] [--buffer MIN] [--busy FILE.ics …] [--json]`
 * A stable contract (people's scripts and our acceptance checks use it): every free slot in
 * the windows, in time order, as `{ "slots": [ { "start", "end" } ] }` in ISO UTC. Busy time
 * comes from the ICS files by the adapter's rules (recurrences expanded; transparent and
 * cancelled events do not block). No notice, no daily limits, no spreading:
 * those belong to proposals. Nothing is stored.
 */

export { SLOTS_USAGE } from './slots-args.js';

const MINUTE_MS = 60_000;

export async function runSlots(argv: string[], out: (text: string) => void): Promise<void> {
  const request = parseSlotsArgs(argv);
  const buffer = request.bufferMinutes * MINUTE_MS;
  // Busy time just outside [from, to) still matters: a buffer can reach into it.
  const window = { from: shifted(request.from, -buffer), to: shifted(request.to, buffer) };
  const busy: BusyInterval[] = [];
  for (const file of request.busyFiles) busy.push(...(await busyIn(file, window, request.zone)));

  const slots = findFreeSlots({
    windows: request.windows,
    timeZone: request.zone,
    from: request.from,
    to: request.to,
    durationMinutes: request.durationMinutes,
    stepMinutes: request.stepMinutes,
    bufferBeforeMinutes: request.bufferMinutes,
    bufferAfterMinutes: request.bufferMinutes,
    busy,
  });
  if (request.json) out(JSON.stringify({ slots }, null, 2));
  else out(listing(slots, request));
}

async function busyIn(file: string, window: TimeWindow, zone: string): Promise<BusyInterval[]> {
  try {
    // The same reading as a connected calendar: floating times and all-day dates in the user's
    // zone (unless the file names its own), and past a series cut short, busy.
    return await createIcsSource({ source: resolve(file), floatingTimeZone: zone }).readBusy(window);
  } catch (error) {
    if (error instanceof CalendarError) throw new CliError(`${file}: ${error.message}`);
    throw error;
  }
}

function listing(slots: Slot[], request: SlotsRequest): string {
  const zone = request.zone;
  const head = `${slots.length} free ${slots.length === 1 ? 'slot' : 'slots'} of ${request.durationMinutes} min (${zone})`;
  const lines = slots.map((slot) => {
    const start = DateTime.fromISO(slot.start, { zone });
    const end = DateTime.fromISO(slot.end, { zone });
    return `  ${start.toFormat('ccc d LLL yyyy HH:mm')}–${end.toFormat('HH:mm')} (UTC${start.toFormat('ZZ')})   ${slot.start} – ${slot.end}`;
  });
  return [head, ...lines].join('\n');
}

function shifted(instant: string, ms: number): string {
  return new Date(Date.parse(instant) + ms).toISOString();
}
