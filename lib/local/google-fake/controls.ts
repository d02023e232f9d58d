import type { FakeCalendar, FakeEvent } from './calendars.js';
import type { FakeOAuth, OAuthClientRegistration } from './oauth.js';

/** What a test (or `npm start`) can see and do with the Google fake: its recorded requests, faults, channels. */

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
}

/** A failure to answer instead of the real response, `times` times, for matching requests. */
export interface Fault {
  method?: string;
  /** Matched against the path (e.g. /\/events$/). */
  path?: RegExp;
  status?: number;
  reason?: string;
  /** Seconds, sent as the Retry-After header. */
  retryAfter?: number;
  /** Answer late by this much (the real answer, unless `status` is also set). */
  delayMs?: number;
  times?: number;
  /** Carry the request out, then answer with the failure anyway (an answer lost on the way back). */
  afterApplying?: boolean;
}

export interface SentInvitation {
  calendarId: string;
  eventId: string;
  sendUpdates: string | null;
  method: string;
}

export interface PushChannel {
  id: string;
  resourceId: string;
  calendarId: string;
  address: string;
  token?: string;
  expiration: string;
}

export interface FakeGoogleServer {
  url: string;
  /** Root for `@googleapis/calendar` (`rootUrl`). */
  apiRoot: string;
  authUrl: string;
  tokenUrl: string;
  oauth: FakeOAuth;
  requests: RecordedRequest[];
  invitations: SentInvitation[];
  channels: Map<string, PushChannel>;
  /** Creates an account with its primary calendar (id = the email) and returns a refresh token for it. */
  addAccount(email: string, extraCalendars?: { id: string; summary: string }[]): string;
  calendar(id: string): FakeCalendar;
  /** Writes an event as another client would (the user in Google Calendar). */
  putEvent(calendarId: string, event: FakeEvent): FakeEvent;
  deleteEvent(calendarId: string, eventId: string): void;
  /** Every sync token of the calendar answers 410 from now on. */
  expireSyncTokens(calendarId: string): void;
  inject(fault: Fault): void;
  clearFaults(): void;
  /**
   * Sends the push notification Google would for every channel on the calendar (headers only,
   * no body). `deliverTo` replaces the channel address's origin (tests whose app port is only
   * known after the channel was opened). Returns the HTTP statuses the receivers answered.
   */
  notify(calendarId: string, state: 'sync' | 'exists' | 'not_exists', options?: { deliverTo?: string; token?: string }): Promise<number[]>;
  /** Requests to the Calendar API (not OAuth) matching method and path. */
  count(method: string, path: RegExp): number;
  close(): Promise<void>;
}

export interface FakeGoogleOptions {
  client: OAuthClientRegistration;
  port?: number;
  /** The clock stamped on `updated` fields; defaults to the system clock. */
  now?: () => string;
  /** Which account the consent page signs in when no login_hint is given (the first account by default). */
  consentAccount?: string;
}
