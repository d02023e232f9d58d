import type { TierName } from './settings.js';

/**
 * A person the user has met, keyed by lowercased email within the user's data.
 * Instants are ISO UTC strings.
 */
export interface Contact {
  email: string;
  /** Display name as last seen on a calendar (untrusted text). */
  name?: string;
  /**
   * Start of the meeting `name` was taken from, so that a meeting recorded late (an older
   * batch, a backfill) never overrides a newer name. Set by sync only.
   */
  nameSeenAt?: string;
  /** Null for people only seen at networking events and not (yet) put in a tier. */
  tier: TierName | null;
  /** Per-contact override of the tier's cadence, in days. */
  cadenceDays?: number;
  /** Start of the first meeting or event where the user met this person. */
  firstMetAt?: string;
  /** Start of the last small meeting (events do not count). */
  lastMetAt?: string;
  /** When the contact is next due; null when not tracked (no tier, ignored). */
  nextDueAt: string | null;
  /** Not due before this instant. */
  snoozedUntil?: string;
  ignored: boolean;
  /** When the user marked the first-meeting follow-up done (or dismissed it). */
  followUpDoneAt?: string;
  /** Title of the event where the user first met them, for the follow-up prompt. */
  firstMetAtTitle?: string;
}

/** A meeting that really happened, as recorded by sync. One per event instance. */
export interface Meeting {
  /** Instance key of the event (see CalendarEvent.instanceKey). */
  instanceKey: string;
  uid: string;
  start: string;
  end: string;
  title?: string;
  /** Lowercased emails of the other people met. */
  with: string[];
  /** Display names by email, as the calendar gave them (untrusted text). */
  names: Record<string, string>;
  /** `small` restarts cadence; `large` (a networking event) only creates follow-ups. */
  size: 'small' | 'large';
}
