import { parseCoffeeWindow } from '../../core/domain/coffee.js';
import { mailSettingsOf } from '../../core/domain/mail/mail-settings.js';
import type { UserSettings } from '../../core/domain/settings.js';
import { badRequest } from '../http/errors.js';
import { InvalidSettings, parseUserSettings } from '../../services/settings-schema.js';

/**
 * The settings form: plain text fields a person can type into, turned into the validated
 * settings object. Windows are one per line, like `tue 08:30-10:00`.
 */

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

/**
 * The email fields. An unticked checkbox sends nothing, so the form marks that it carries them
 * (`mailFields`); a form without that mark (an older page, a script) leaves the mail settings as they are.
 */
function mailFromForm(fields: Record<string, string>, current: UserSettings): Record<string, unknown> {
  if (fields.mailFields !== '1') return { ...mailSettingsOf(current) };
  return {
    digest: fields.digest === 'on',
    digestWeekday: (fields.digestWeekday ?? '').trim(),
    digestHour: numberField(fields, 'digestHour'),
    followUpMail: fields.followUpMail === 'on',
    autoSendLink: fields.autoSendLink === 'on',
  };
}

/** Reads the settings form over the current settings; any problem is one 400 with every message. */
export function settingsFromForm(fields: Record<string, string>, current: UserSettings): UserSettings {
  const lines = (fields.windows ?? '').split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  const windows = lines.map((line) => {
    const parsed = parseCoffeeWindow(line);
    if ('problem' in parsed) throw badRequest(`The coffee window "${line}" ${parsed.problem}. Write one window per line.`);
    return parsed.window;
  });
  const candidate = {
    ...current,
    timeZone: (fields.timeZone ?? '').trim(),
    ownerEmails: (fields.ownerEmails ?? '').split(/[\s,]+/).filter(Boolean),
    displayName: fields.displayName ?? '',
    coffee: {
      ...Object.fromEntries(NUMBER_FIELDS.map((name) => [name, numberField(fields, name)])),
      windows,
      // A form without the choice (an older page, a script) leaves it to be read from the place.
      ...(fields.meeting ? { meeting: fields.meeting } : {}),
      location: fields.location ?? '',
    },
    mail: mailFromForm(fields, current),
  };
  try {
    return parseUserSettings(candidate, 'settings');
  } catch (error) {
    if (error instanceof InvalidSettings) throw badRequest(error.message.replace(/^Invalid settings: /, 'Please fix: '));
    throw error;
  }
}
