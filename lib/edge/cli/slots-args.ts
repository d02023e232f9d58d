import { parseArgs } from 'node:util';
import { parseCoffeeWindow, type CoffeeWindow } from '../../core/domain/coffee.js';
import { isValidTimeZone } from '../../core/domain/zones.js';
import { usageError } from './errors.js';

/**
 * The arguments of `rapport slots`, checked before anything is read: every mistake is a
 * usage error (exit 2) that says which option is wrong and what it should look like.
 */

export const SLOTS_USAGE =
  'rapport slots --zone IANA --window "tue 08:30-10:00" [--window ...] --from ISO_INSTANT --to ISO_INSTANT --duration MIN [--step MIN] [--buffer MIN] [--busy FILE.ics ...] [--json]';

export const DEFAULT_STEP_MINUTES = 15;
/** A year of windows is plenty for a dry run, and keeps a typo in --to from expanding decades of busy time. */
const MAX_RANGE_DAYS = 366;

export interface SlotsRequest {
  zone: string;
  windows: CoffeeWindow[];
  from: string;
  to: string;
  durationMinutes: number;
  stepMinutes: number;
  bufferMinutes: number;
  busyFiles: string[];
  json: boolean;
}

export function parseSlotsArgs(argv: string[]): SlotsRequest {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      zone: { type: 'string' },
      window: { type: 'string', multiple: true },
      from: { type: 'string' },
      to: { type: 'string' },
      duration: { type: 'string' },
      step: { type: 'string' },
      buffer: { type: 'string' },
      busy: { type: 'string', multiple: true },
      json: { type: 'boolean', default: false },
    },
  });
  if (positionals.length > 0) throw wrong(`Unexpected argument "${positionals[0]}".`);
  const zone = values.zone;
  if (!zone) throw wrong('Give the time zone of the windows with --zone, e.g. --zone Europe/London.');
  // Not luxon's setZone test: it also accepts "local" and "UTC+5", and "local" is this machine's zone.
  if (!isValidTimeZone(zone)) throw wrong(`--zone "${zone}" is not an IANA time zone (e.g. Europe/London).`);
  if (!values.window?.length) throw wrong('Give at least one --window, e.g. --window "tue 08:30-10:00".');

  const from = instant(values.from, '--from');
  const to = instant(values.to, '--to');
  if (Date.parse(from) >= Date.parse(to)) throw wrong('--from must be before --to.');
  if (Date.parse(to) - Date.parse(from) > MAX_RANGE_DAYS * 86_400_000) throw wrong(`--from and --to may be at most ${MAX_RANGE_DAYS} days apart.`);

  return {
    zone,
    windows: values.window.map(windowOf),
    from,
    to,
    durationMinutes: minutes(values.duration, '--duration', 1),
    stepMinutes: values.step === undefined ? DEFAULT_STEP_MINUTES : minutes(values.step, '--step', 1),
    bufferMinutes: values.buffer === undefined ? 0 : minutes(values.buffer, '--buffer', 0),
    busyFiles: values.busy ?? [],
    json: values.json,
  };
}

/** "tue 08:30-10:00", "Tuesday 08:30 - 10:00" → a CoffeeWindow. */
export function windowOf(text: string): CoffeeWindow {
  const parsed = parseCoffeeWindow(text);
  if ('problem' in parsed) throw wrong(`--window "${text}" ${parsed.problem}.`);
  return parsed.window;
}

/** An instant needs its zone: "2027-03-23T08:30" alone would be read in this machine's zone. */
function instant(value: string | undefined, option: string): string {
  if (value === undefined) throw wrong(`Give ${option} as an ISO instant such as 2027-03-23T00:00:00Z.`);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.test(value) || Number.isNaN(Date.parse(value))) {
    throw wrong(`${option} "${value}" is not an ISO instant with a zone, such as 2027-03-23T00:00:00Z.`);
  }
  return new Date(value).toISOString();
}

function minutes(value: string | undefined, option: string, min: number): number {
  if (value === undefined) throw wrong(`Give ${option} in minutes, e.g. ${option} 30.`);
  const number = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(number) || number < min) throw wrong(`${option} must be a whole number of minutes${min > 0 ? ' above 0' : ''}, not "${value}".`);
  return number;
}

const wrong = (message: string) => usageError(`${message}\nUsage: ${SLOTS_USAGE}`);
