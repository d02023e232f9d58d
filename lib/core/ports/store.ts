import type { BranchKeyRepository, ConnectionRepository, CredentialRepository, PushRouteRepository } from './connections.js';
import type { OwnCalendarBusy, OwnCalendarEvent } from '../domain/own-calendar-event.js';
import type { CalendarEvent } from '../domain/event.js';
import type { BusyInterval, TimeWindow } from '../domain/busy-time.js';
import type { Contact, Meeting } from '../domain/contact.js';
import type { Proposal, ProposalStatus } from '../domain/proposal.js';
import type { Intro } from '../domain/introductions.js';
import type { Note } from '../domain/notes.js';
import type { UserSettings } from '../domain/settings.js';
import type { MailRepository, MailSuppressionRepository } from './mail.js';
import type { WakeRepository } from './wake.js';
import type { BookingRepository } from './bookings.js';

/**
 * What the store keeps, in the product's words. Key shapes live in lib/adapters/store/keys.ts only;
 * callers ask by meaning (`contacts.due(userId, before)`).
 */

/** Fields of a contact the user can change on the dashboard or through the API. */
export type ContactPatch = Partial<
  Pick<Contact, 'tier' | 'cadenceDays' | 'snoozedUntil' | 'ignored' | 'followUpDoneAt' | 'nextDueAt'>
>;

/**
 * How fresh a read must be. By default a read sees every write that completed before it
 * (strongly consistent). `eventual`: a replica's copy, usually current and at most about a
 * second behind, for half the read units; for the scheduled sweep, whose writes are idempotent
 * upserts planned against what it read, and whose next round sees whatever this one missed.
 */
export interface ReadOptions {
  eventual?: boolean;
}

export interface ProfileRepository {
  get(userId: string, options?: ReadOptions): Promise<UserSettings | null>;
  /** Also places the user in the schedule indexes (sweep shard, proposal hour). */
  put(userId: string, settings: UserSettings): Promise<void>;
}

/** One page of users found through a schedule index; `next` continues it. */
export interface UserPage {
  userIds: string[];
  next?: string;
}

/** Who the cloud's schedules visit, read from the schedule indexes (never a scan). */
export interface ScheduleRepository {
  /** Users of one sweep shard (0 ≤ shard < SWEEP_SHARDS). */
  sweepShard(shard: number, next?: string, pageSize?: number): Promise<UserPage>;
  /** Users whose proposal run falls on this UTC hour. */
  proposalHour(hour: number, next?: string, pageSize?: number): Promise<UserPage>;
  /**
   * Moves the user to the bucket of their next proposal run (after a run, and when DST moved
   * it). `currentHour`: the bucket the caller found the user in; nothing is written when the
   * bucket is unchanged. A user whose profile is gone stays gone.
   */
  reschedule(userId: string, settings: UserSettings, currentHour?: number): Promise<void>;
}

export interface EventRepository {
  /** Every stored event of one connection. */
  listByConnection(userId: string, connectionId: string, options?: ReadOptions): Promise<CalendarEvent[]>;
  /** Upserts in batches of 25, retrying unprocessed items. */
  putMany(userId: string, connectionId: string, events: readonly CalendarEvent[]): Promise<void>;
  deleteMany(userId: string, connectionId: string, instanceKeys: readonly string[]): Promise<void>;
  /**
   * Events of every connection that could become meetings (someone invited, not cancelled) and
   * end in [from, to], through the end-time index: what a sweep infers after an event ended.
   * The index is eventually consistent; these events were written by an earlier sync.
   */
  endedBetween(userId: string, from: string, to: string): Promise<CalendarEvent[]>;
  /** The earliest end after `instant` among the events that could become meetings, or null. */
  nextEndAfter(userId: string, instant: string): Promise<string | null>;
}

export interface MeetingRepository {
  /** Meetings whose start lies in [from, to), oldest first. Both bounds optional. */
  list(userId: string, range?: { from?: string; to?: string }): Promise<Meeting[]>;
  putMany(userId: string, meetings: readonly Meeting[]): Promise<void>;
  deleteMany(userId: string, meetings: readonly Pick<Meeting, 'start' | 'instanceKey'>[]): Promise<void>;
}

export interface ContactRepository {
  get(userId: string, email: string): Promise<Contact | null>;
  /** The contacts among `emails` (those that exist, in no particular order), in batches of 100. */
  getMany(userId: string, emails: readonly string[], options?: ReadOptions): Promise<Contact[]>;
  list(userId: string): Promise<Contact[]>;
  /** Upserts whole contacts in batches of 25 (sync owns these writes). */
  putMany(userId: string, contacts: readonly Contact[]): Promise<void>;
  /**
   * Changes an existing contact; fails with `NotFound` when there is none (never creates a
   * half-filled contact). Returns the contact as stored after the change.
   */
  update(userId: string, email: string, patch: ContactPatch): Promise<Contact>;
  /**
   * Applies `change` to the latest stored contact under an optimistic lock, retrying on a
   * concurrent write; `NotFound` when absent. An unchanged result writes nothing.
   */
  modify(userId: string, email: string, change: (current: Contact) => Contact): Promise<Contact>;
  /** Tracked contacts due before `before`, most overdue first, through the sparse due index. */
  due(userId: string, before: string, limit?: number): Promise<Contact[]>;
  /**
   * Deletes the contact with its notes and its intro/help log entries (also entries about
   * others that name it), in batched writes. Says whether there was a contact.
   */
  delete(userId: string, email: string): Promise<'deleted' | 'already-gone'>;
}

/** Notes about contacts (lib/core/domain/notes.ts). */
export interface NoteRepository {
  /** Every note of the user (one query; the dashboard shows the latest per contact). */
  list(userId: string): Promise<Note[]>;
  listFor(userId: string, email: string): Promise<Note[]>;
  get(userId: string, email: string, noteId: string): Promise<Note | null>;
  /** Creates or replaces the note with this id. */
  put(userId: string, note: Note): Promise<void>;
  putMany(userId: string, notes: readonly Note[]): Promise<void>;
  delete(userId: string, email: string, noteId: string): Promise<'deleted' | 'already-gone'>;
}

/** The intro and help log (lib/core/domain/introductions.ts). */
export interface IntroRepository {
  list(userId: string): Promise<Intro[]>;
  /** Entries recorded against this contact (not those that only name it as the other person). */
  listFor(userId: string, email: string): Promise<Intro[]>;
  put(userId: string, intro: Intro): Promise<void>;
  putMany(userId: string, intros: readonly Intro[]): Promise<void>;
  delete(userId: string, email: string, introId: string): Promise<'deleted' | 'already-gone'>;
}

/** An account at a sign-in provider, as the provider vouched for it after an OAuth round trip. */
export interface ProviderAccount {
  provider: 'google' | 'microsoft';
  /** Stable per account: Google's account address (lowercased), Microsoft's homeAccountId. */
  id: string;
}

/** Which Rapport user a provider account signs in as (lib/adapters/store/identities.ts). */
export interface IdentityRepository {
  /** The user the account belongs to, or null when it has never been used with Rapport. */
  ownerOf(account: ProviderAccount): Promise<string | null>;
  /**
   * Binds the account to `userId` unless it is bound already (a conditional write, so two
   * racing first sign-ins cannot bind it twice). Returns the account's owner afterwards:
   * `userId`, or the user it was bound to first.
   */
  bind(account: ProviderAccount, userId: string, now: string): Promise<string>;
}

/** Where a booking link leads: stored under the SHA-256 of the token, never the token itself. */
export interface BookingLinkTarget {
  userId: string;
  proposalId: string;
  expiresAt: string;
}

export interface ProposalRepository {
  get(userId: string, proposalId: string): Promise<Proposal | null>;
  /** Every proposal of the user still on record (expired items disappear with their TTL). */
  list(userId: string): Promise<Proposal[]>;
  /**
   * Writes a new proposal, its booking-link lookup and the contact's proposal lock in one
   * transaction. Fails with `ContactHasProposal` (carrying the other proposal's id) when the
   * contact already has an active proposal, `AlreadyExists` when this id is already stored.
   */
  create(userId: string, proposal: Proposal): Promise<void>;
  /** The active proposal of a contact, if any (the lock). */
  activeFor(userId: string, contactEmail: string): Promise<string | null>;
  /**
   * Changes status (and anything else on the proposal) only if its status is one of
   * `expected`; otherwise `StaleProposal`. Closing statuses (expired, cancelled) release the
   * contact's lock in the same transaction.
   */
  save(userId: string, proposal: Proposal, expected: readonly ProposalStatus[]): Promise<void>;
  /** Releases a booked proposal's contact lock once the coffee has happened. */
  releaseLock(userId: string, contactEmail: string, proposalId: string): Promise<void>;
  resolveLink(tokenHash: string): Promise<BookingLinkTarget | null>;
}

export interface LocalCalendarRepository {
  /** Creates the event unless one with this id exists; says which happened. */
  create(userId: string, event: OwnCalendarEvent): Promise<'created' | 'exists'>;
  get(userId: string, id: string): Promise<OwnCalendarEvent | null>;
  put(userId: string, event: OwnCalendarEvent): Promise<void>;
  remove(userId: string, id: string): Promise<'removed' | 'already-gone'>;
  /** Removes every event of `ids` that exists (the rest are already gone), in one request per 25. */
  removeMany(userId: string, ids: readonly string[]): Promise<void>;
  list(userId: string, options?: ReadOptions): Promise<OwnCalendarEvent[]>;
  /**
   * The events that are not cancelled and overlap `window`, with only what free/busy needs:
   * every booking page reads this, and a whole event (title, note, people) is ten times larger.
   */
  busyIn(userId: string, window: TimeWindow): Promise<OwnCalendarBusy[]>;
}

/**
 * A connection's busy time as of its last sync, so booking pages and the proposer do not read
 * a whole calendar on every request (a 20 MB feed would cost seconds a page). Kept for every
 * read calendar; ICS feeds are read only through it, provider calendars when a live read fails.
 */
export interface StoredBusy {
  connectionId: string;
  /** The span the intervals describe; outside it nothing is known. */
  from: string;
  to: string;
  intervals: BusyInterval[];
  /** When a series was cut short, the instant past which the calendar was not fully read: busy from there on. */
  busyFrom?: string;
  updatedAt: string;
}

export interface BusyIndexRepository {
  /** Every connection's stored busy time (one query). */
  list(userId: string): Promise<StoredBusy[]>;
  put(userId: string, busy: StoredBusy): Promise<void>;
}

export interface Store {
  profiles: ProfileRepository;
  schedule: ScheduleRepository;
  wake: WakeRepository;
  connections: ConnectionRepository;
  events: EventRepository;
  meetings: MeetingRepository;
  contacts: ContactRepository;
  proposals: ProposalRepository;
  bookings: BookingRepository;
  localCalendar: LocalCalendarRepository;
  credentials: CredentialRepository;
  branchKeys: BranchKeyRepository;
  pushRoutes: PushRouteRepository;
  notes: NoteRepository;
  intros: IntroRepository;
  identities: IdentityRepository;
  busy: BusyIndexRepository;
  /** The outbox: every message Rapport owes someone, recorded before it is sent. */
  mail: MailRepository;
  suppressions: MailSuppressionRepository;
}
