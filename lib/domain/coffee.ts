/**
 * The user's coffee rules: when they are happy to meet (weekly windows in local wall-clock
 * time in their IANA zone), for how long, with what margins, and how many coffees a day and
 * a week. Validated at the edge (lib/settings-schema.ts); trusted here.
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
  /** Where: an address or a video-call link; shown to the guest. Untrusted text. */
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
  location: 'Video call (link in the invitation)',
  linkLifetimeDays: 7,
  proposalHour: 8,
};
