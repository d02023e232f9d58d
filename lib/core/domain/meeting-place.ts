import type { CoffeeSettings } from './coffee.js';

/**
 * Where a coffee happens, as the guest is told. The user picks a kind in the settings:
 * - `place`: an address or any words ("The Corner Café"), shown as text; empty = to be agreed;
 * - `video-link`: their own video room (an https link), the same for every coffee;
 * - `google-meet` / `teams`: a fresh link the calendar provider makes with each coffee's event
 *   (Google Meet for a Google calendar, a Teams meeting for an Outlook one). The link only exists
 *   once the event does, so before that the guest is told it will be made, never that it is
 *   "in the invitation".
 */

export const MEETING_KINDS = ['place', 'video-link', 'google-meet', 'teams'] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];

/** A video meeting the calendar provider creates with the event. */
export type ProviderMeeting = Extract<MeetingKind, 'google-meet' | 'teams'>;

export function isProviderMeeting(kind: MeetingKind): kind is ProviderMeeting {
  return kind === 'google-meet' || kind === 'teams';
}

/** Rapport's old default location, which promised a link nothing ever made: read as "to be agreed". */
const LEGACY_DEFAULT_LOCATION = 'Video call (link in the invitation)';

/**
 * A link a guest may be sent to: https only (a video room is never plain http, and `javascript:`
 * or `data:` must never become a link on a page), with a host and no user name or password.
 */
export function isVideoLink(text: string): boolean {
  if (text.length > 300 || /[\s<>"'`\u0000-\u001f\u007f]/.test(text)) return false;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return false;
  }
  return url.protocol === 'https:' && url.hostname.includes('.') && url.username === '' && url.password === '';
}

/** The kind of place the user chose; profiles saved before there was a choice read their text. */
export function meetingKindOf(coffee: Pick<CoffeeSettings, 'meeting' | 'location'>): MeetingKind {
  if (coffee.meeting) return coffee.meeting;
  return isVideoLink(coffee.location.trim()) ? 'video-link' : 'place';
}

/** What the guest is told, resolved for one coffee: `url` is a link to show as a link. */
export type MeetingPlace =
  | { kind: 'place'; text: string }
  | { kind: 'video-link'; url: string }
  | { kind: ProviderMeeting; url?: string };

/** What the calendar a coffee is written to can do, and what it made for this coffee. */
export interface MeetingContext {
  /** The provider meeting that calendar creates with an event (none for Rapport's own calendar). */
  calendarMakes?: ProviderMeeting;
  /** The link the provider made for this coffee's event, once known. */
  madeLink?: string;
}

/**
 * The place for a coffee. A provider meeting the coffee's calendar cannot make (the user chose
 * Google Meet, then their Google calendar went away) falls back to "to be agreed": the guest is
 * never promised a link nobody will make.
 */
export function meetingPlaceOf(coffee: Pick<CoffeeSettings, 'meeting' | 'location'>, context: MeetingContext): MeetingPlace {
  const kind = meetingKindOf(coffee);
  const text = coffee.location.trim();
  if (kind === 'video-link') return { kind, url: text };
  if (isProviderMeeting(kind)) {
    if (context.calendarMakes !== kind) return { kind: 'place', text: '' };
    return context.madeLink ? { kind, url: context.madeLink } : { kind };
  }
  return { kind: 'place', text: text === LEGACY_DEFAULT_LOCATION ? '' : text };
}

const PROVIDER_NAMES: Record<ProviderMeeting, string> = { 'google-meet': 'Google Meet', teams: 'Microsoft Teams' };

export function providerMeetingName(kind: ProviderMeeting): string {
  return PROVIDER_NAMES[kind];
}

/**
 * The place as one line of plain text: the event's location field, the `.ics` LOCATION, the
 * JSON API. Empty when nothing is known (a provider meeting before its link exists: the
 * provider fills its own fields with the link).
 */
export function locationTextOf(place: MeetingPlace): string {
  if (place.kind === 'place') return place.text;
  return place.url ?? '';
}

/**
 * The location known before any event exists: a place's words or the user's own video link;
 * empty for a provider meeting (its link comes with the event) and for "to be agreed".
 */
export function fixedLocationOf(coffee: Pick<CoffeeSettings, 'meeting' | 'location'>): string {
  const kind = meetingKindOf(coffee);
  return isProviderMeeting(kind) ? '' : locationTextOf(meetingPlaceOf(coffee, {}));
}
