import { WEEKDAYS, type CoffeeWindow, type Weekday } from '../domain/coffee.js';
import type { UserSettings } from '../domain/settings.js';
import { badRequest } from '../http/errors.js';
import { InvalidSettings, parseUserSettings } from '../settings-schema.js';

/**
 * The settings form: plain text fields a person can type into, turned into the validated
 * settings object. Windows are one per line, like `tue 08:30-10:00`.
 */

const DAY_NAMES: Record<string, Weekday> = Object.fromEntries(
  WEEKDAYS.flatMap((d, i) => [
    [d, d],
    [['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'][i]!, d],
  ]),
);

export function parseWindowLine(line: string): CoffeeWindow | null {
  const match = /^\s*([A-Za-z]+)\s+(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})\s*$/.exec(line);
  const day = match && DAY_NAMES[match[1]!.toLowerCase()];
  if (!match || !day) return null;
  const pad = (t: string) => t.padStart(5, '0');
  return { day, start: pad(match[2]!), end: pad(match[3]!) };
}

export function formatWindow(w: CoffeeWindow): string {
  return `${w.day} ${w.start}-${w.end}`;
}

function numberField(fields: Record<string, string>, name: string): number | string {
  const raw = (fields[name] ?? '').trim();
  return /^-?\d+$/.test(raw) ? Number(raw) : raw;
}

const NUMBER_FIELDS = [
  'durationMinutes',
  'stepMinutes',
  'bufferBeforeMinutes',
  'bufferAfterMinutes',
  'minimumNoticeHours',
  'horizonDays',
  'maxPerDay',
  'maxPerWeek',
  'optionsPerProposal',
  'linkLifetimeDays',
  'proposalHour',
] as const;

/** Reads the settings form over the current settings; any problem is one 400 with every message. */
export function settingsFromForm(fields: Record<string, string>, current: UserSettings): UserSettings {
  const lines = (fields.windows ?? '').split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  const windows = lines.map((line) => {
    const window = parseWindowLine(line);
    if (!window) throw badRequest(`"${line}" is not a coffee window: write one per line, like "tue 08:30-10:00".`);
    return window;
  });
  const candidate = {
    ...current,
    timeZone: (fields.timeZone ?? '').trim(),
    ownerEmails: (fields.ownerEmails ?? '').split(/[\s,]+/).filter(Boolean),
    coffee: {
      ...Object.fromEntries(NUMBER_FIELDS.map((name) => [name, numberField(fields, name)])),
      windows,
      location: fields.location ?? '',
    },
  };
  try {
    return parseUserSettings(candidate, 'settings');
  } catch (error) {
    if (error instanceof InvalidSettings) throw badRequest(error.message.replace(/^Invalid settings: /, 'Please fix: '));
    throw error;
  }
}
