import type { Connection } from './connections.js';
import type { Booking, Proposal } from '../domain/proposal.js';
import type { UserSettings } from '../domain/settings.js';
import type { ReadOptions, StoredBusy } from './store.js';

/**
 * The guest's side of the store: a booking link's proposal and free/busy, the claim that books
 * a time (race-safe through versioned cells of UTC time), and the markers of the calendar
 * changes a booking still owes.
 */

/** A claimed slot: the interval a booking holds while it is confirmed. */
export interface SlotClaim {
  proposalId: string;
  start: string;
  end: string;
}

/**
 * What a booking checked free/busy against: the versions of the store's claim cells (fixed
 * cells of UTC time) that its claim span touches, by cell. Read it before the check and hand
 * it back to `book` or `move`; services treat it as opaque (its entries also make each claim's
 * event id new: `eventIdFor`).
 */
export type ClaimGuard = Readonly<Record<string, number>>;

/**
 * A booking's change owed to its calendar, as its marker records it (see `BookingRepository.due`):
 * the booking's event (one per claim, so a booking made again after a release has another) and
 * its revision; markers of earlier releases have neither.
 */
export interface StepMarker {
  proposalId: string;
  eventId?: string;
  revision?: number;
}

/** A proposal with its host's settings, as a booking link needs them (null: not stored). */
export interface ProposalWithSettings {
  proposal: Proposal | null;
  settings: UserSettings | null;
}

/** What free/busy needs from the store: the user's calendars, their busy indexes and the claims. */
export interface CalendarState {
  connections: Connection[];
  busy: StoredBusy[];
  /** Claims overlapping the window asked for. */
  claims: SlotClaim[];
}

export interface BookingRepository {
  /** The proposal and the settings of its user, in one request (strongly consistent). */
  proposalWithSettings(userId: string, proposalId: string): Promise<ProposalWithSettings>;
  /**
   * The user's connections, every connection's busy index and the claims overlapping `window`
   * (strongly consistent), in one request: a booking page's free/busy from the store.
   */
  calendarState(userId: string, window: { from: string; to: string }): Promise<CalendarState>;
  /**
   * The guard of a claim of `span` (a slot widened by the user's buffers: claimSpanOf), read
   * strongly consistent in one request. Every `book` and `move` bumps the versions of the cells
   * its span touches, so two claims whose spans overlap always share a changed cell, while
   * claims of times apart never touch each other's cells and never wait for each other.
   */
  guard(userId: string, span: { start: string; end: string }): Promise<ClaimGuard>;
  /**
   * The guard `guard` reads for a span no claim has ever touched (each cell at version 0),
   * without a read. Most of a calendar's time was never claimed, so a first try may commit
   * against it: the commit holds only if no claim touched a cell of the span (none can overlap
   * it), and otherwise fails as for a changed cell, after which the caller reads the guard.
   */
  untouchedGuard(span: { start: string; end: string }): Promise<ClaimGuard>;
  /** Claims of the user overlapping [from, to) (strongly consistent). */
  claims(userId: string, range: { from: string; to: string }): Promise<SlotClaim[]>;
  /**
   * Books atomically: bumps each of the guard's cells from the version in `guard` (so bookings
   * whose spans overlap are serialised: whoever checked free/busy before the other committed
   * loses), writes the claim, and saves the proposal as booked if it is still open. Fails with
   * `BookingConflict` whose `reason` is `sequence` (a cell changed: retry with a fresh guard
   * and check), `contended` (a concurrent transaction on a cell, nothing necessarily committed:
   * retry) or `not-open`. `release` and `cancel` only free time, so they bump nothing: no
   * check that passed before them can be wrong after them.
   */
  book(userId: string, proposal: Proposal, booking: Booking, guard: ClaimGuard): Promise<void>;
  /** Undoes `book` when the event could not be created: claim deleted, proposal open again. */
  release(userId: string, proposal: Proposal): Promise<void>;
  /** The guest moved the coffee: the claim follows (guarded like `book`, by the new time's span). */
  move(userId: string, proposal: Proposal, booking: Booking, guard: ClaimGuard): Promise<void>;
  /**
   * The calendar change `booking.calendarDue` was made: clears it, if the stored booking is still
   * at that revision and still owes that change ('superseded' otherwise: a newer change owns it).
   * One conditional write; the change's step marker stays for `clearStep` (the sweep's).
   */
  settle(userId: string, proposalId: string, booking: Booking): Promise<'settled' | 'superseded'>;
  /**
   * Keeps the meeting link the provider made for the booking's event, if the stored booking is
   * still that event's (a later claim has another event id); says whether it was kept.
   */
  recordMeetingLink(userId: string, proposalId: string, eventId: string, meetingUrl: string): Promise<boolean>;
  /**
   * The step markers: proposals whose booking owed its calendar a change (of the event and
   * revision the marker names), settled since or not. One small query (strongly consistent
   * unless `eventual`, as every read here; the sweep asks for a replica's copy).
   */
  due(userId: string, options?: ReadOptions): Promise<StepMarker[]>;
  /** Removes a step marker if it is still the one read (same event, same revision): a newer change's stays. */
  clearStep(userId: string, marker: StepMarker): Promise<void>;
  /**
   * The guest cancelled: claim deleted, proposal saved with `cancelled` as its booking, if the
   * stored booking is still confirmed at the revision the caller read (`StaleProposal` otherwise).
   */
  cancel(userId: string, proposal: Proposal, cancelled: Booking): Promise<void>;
}
