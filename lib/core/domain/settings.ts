import { DEFAULT_COFFEE_SETTINGS, type CoffeeSettings } from './coffee.js';
import type { MailSettings } from './mail/mail-settings.js';

/**
 * A user's rules: who they are on their calendars, their time zone, and how often each tier
 * of contact should be seen. Validated on the way in (lib/services/settings-schema.ts: the
 * settings form, the local settings file, an import); inside the domain they are trusted.
 */

export const TIER_NAMES = ['close', 'keep-warm', 'acquaintance'] as const;
export type TierName = (typeof TIER_NAMES)[number];

/** Default cadence per tier, in days. */
export const DEFAULT_TIER_CADENCE_DAYS: Readonly<Record<TierName, number>> = {
  close: 30,
  'keep-warm': 90,
  acquaintance: 180,
};

export interface InferenceOptions {
  /** The user's own addresses (lowercased): never counted as other people. */
  ownerEmails: readonly string[];
  /**
   * An event with more than this many other people is a networking event: it does not restart
   * cadence, it creates follow-up prompts for the new people met there.
   */
  smallMeetingMaxPeople: number;
}

export const DEFAULT_SMALL_MEETING_MAX_PEOPLE = 8;

export interface UserSettings {
  /** The user's own addresses, lowercased. */
  ownerEmails: string[];
  /** IANA time zone, e.g. `Europe/London`. */
  timeZone: string;
  /** Cadence in days per tier. */
  tierCadenceDays: Record<TierName, number>;
  /** Tier given to a person first met in a small meeting. */
  defaultTier: TierName;
  /** Tiers set up front by email (lowercased), e.g. from the settings file. */
  tierByEmail: Record<string, TierName>;
  smallMeetingMaxPeople: number;
  /** Coffee rules; absent on profiles stored before coffee proposals existed (see coffeeSettingsOf). */
  coffee?: CoffeeSettings;
  /** What Rapport emails, and when; absent on profiles stored before mail existed (see mailSettingsOf). */
  mail?: MailSettings;
  /**
   * Generation of the suggestions-feed URL (absent = 0). The URL's token is derived from it,
   * so bumping it revokes every feed URL handed out before.
   */
  feedGeneration?: number;
  /**
   * How guests see the user ("Alex Morgan"): booking and manage pages, the invitation's title
   * and organizer. Absent: their first address. Pre-filled from a connected account's name.
   */
  displayName?: string;
}

/**
 * A name a provider gave for the account, made fit to show guests: one line, at most 100
 * characters (what the settings form accepts); nothing when nothing is left.
 */
export function displayNameFrom(providerName: string | undefined): string | undefined {
  const name = (providerName ?? '').replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 100).trim();
  return name || undefined;
}

/** The host as a guest reads it: their name, else their first address. */
export function hostNameOf(settings: Pick<UserSettings, 'displayName' | 'ownerEmails'>): string {
  return settings.displayName || settings.ownerEmails[0] || 'Your host';
}

/** The user's coffee rules, with defaults for profiles that predate them. */
export function coffeeSettingsOf(settings: Pick<UserSettings, 'coffee'>): CoffeeSettings {
  return settings.coffee ?? { ...DEFAULT_COFFEE_SETTINGS, windows: [...DEFAULT_COFFEE_SETTINGS.windows] };
}

/**
 * The settings of someone who has just signed in for the first time: their sign-in address as
 * their own, the zone their browser reported (already validated), the account's name when the
 * provider gave one, and every other rule at its default. They change any of it on /app/settings.
 */
export function newUserSettings(ownerEmail: string, timeZone: string, displayName?: string): UserSettings {
  return {
    ...(displayName ? { displayName } : {}),
    ownerEmails: [ownerEmail.trim().toLowerCase()],
    timeZone,
    tierCadenceDays: { ...DEFAULT_TIER_CADENCE_DAYS },
    defaultTier: 'acquaintance',
    tierByEmail: {},
    smallMeetingMaxPeople: DEFAULT_SMALL_MEETING_MAX_PEOPLE,
    coffee: coffeeSettingsOf({}),
  };
}
