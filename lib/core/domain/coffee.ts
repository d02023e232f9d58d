import type { MeetingKind } from './meeting-place.js';

/**
 * The user's coffee rules: when they are happy to meet (weekly windows in local wall-clock
 * time in their IANA zone), for how long, with what margins, and how many coffees a day and
 * a week. Validated on the way in (lib/services/settings-schema.ts); trusted here.
 */

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** A weekly window, e.g. Tuesdays 08:30–10:00, in the user's zone. `start` < `end`, both `HH:MM`. */
export interface CoffeeWindow {
  day: Weekday;
  start: string;
  end: string;
}

export interface CoffeeSettings {
  windows: CoffeeWindow[];
  durationMinutes: number;
  /** Candidate starts are every `stepMinutes` from a window's start. */
  stepMinutes: number;
  /** Free time kept before and after each coffee (travel, a breather). */
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
  /** No slot starts sooner than this after the proposal is made. */
  minimumNoticeHours: number;
  /** How many days ahead slots are offered. */
  horizonDays: number;
  maxPerDay: number;
  maxPerWeek: number;
  /** Slots offered per proposal, spread over different days. */
  optionsPerProposal: number;
  /**
   * What kind of place (meeting-place.ts): a place, the user's own video link, or a link the
   * calendar provider makes per coffee. Absent on profiles saved before the choice existed:
   * read from `location` then (meetingKindOf).
   */
  meeting?: MeetingKind;
  /** The place's words (`place`) or the video link (`video-link`); shown to the guest. Untrusted text. */
  location: string;
  /** How long a booking link stays valid. */
  linkLifetimeDays: number;
  /** Local hour of the morning proposal run. */
  proposalHour: number;
}

export const DEFAULT_COFFEE_SETTINGS: Readonly<CoffeeSettings> = {
  windows: [
    { day: 'tue', start: '08:30', end: '10:00' },
    { day: 'thu', start: '08:30', end: '10:00' },
    { day: 'fri', start: '15:00', end: '17:00' },
  ],
  durationMinutes: 30,
  stepMinutes: 15,
  bufferBeforeMinutes: 15,
  bufferAfterMinutes: 15,
  minimumNoticeHours: 24,
  horizonDays: 14,
  maxPerDay: 1,
  maxPerWeek: 3,
  optionsPerProposal: 3,
  meeting: 'place',
  // Nothing is promised until the user says where: the guest reads "to be agreed".
  location: '',
  linkLifetimeDays: 7,
  proposalHour: 8,
};

const DAY_NAMES: Readonly<Record<string, Weekday>> = Object.fromEntries(
  ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'].flatMap((name, i) => [
    [name, WEEKDAYS[i]!],
    [name.slice(0, 3), WEEKDAYS[i]!],
  ]),
);
const WINDOW_TEXT = /^([a-z]+)\s+([01]?\d|2[0-3]):([0-5]\d)\s*-\s*([01]?\d|2[0-3]):([0-5]\d)$/;

/**
 * Reads a window as people write it: `tue 08:30-10:00`, `Tuesday 8:30 - 10:00` (24-hour).
 * The problem, when there is one, is a sentence fragment about the text ("…must end after it starts").
 */
export function parseCoffeeWindow(text: string): { window: CoffeeWindow } | { problem: string } {
  const match = WINDOW_TEXT.exec(text.trim().toLowerCase());
  const day = match && DAY_NAMES[match[1]!];
  if (!match || !day) return { problem: 'must be a day (mon..sun) and a 24-hour time range, like "tue 08:30-10:00"' };
  const [, , startHour, startMinute, endHour, endMinute] = match;
  const window = { day, start: `${startHour!.padStart(2, '0')}:${startMinute}`, end: `${endHour!.padStart(2, '0')}:${endMinute}` };
  return window.end > window.start ? { window } : { problem: 'must end after it starts (a window cannot cross midnight)' };
}

export function formatCoffeeWindow(window: CoffeeWindow): string {
  return `${window.day} ${window.start}-${window.end}`;
}
