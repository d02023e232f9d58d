import type { BusyInterval } from '../core/domain/busy-time.js';
import { hashToken, looksLikeBookingToken, manageTokenFor, sealedBookingRef } from './booking-links.js';
import { claimSpanOf, eventIdFor, type Booking, type Proposal, type ProposedSlot } from '../core/domain/proposal.js';
import { coffeeSettingsOf, type UserSettings } from '../core/domain/settings.js';
import { BookingConflict } from '../core/ports/store-errors.js';
import { availability, writableConnection, type Availability, type CalendarDeps } from './availability.js';
import { BookingError } from './booking-errors.js';
import { claimRaces } from './claim-races.js';
import { finishCreated, invitationFor, lookAheadMail, tryDueStep, type BookedProposal } from './booking-steps.js';
import { meetingPlaceOf, type MeetingPlace } from '../core/domain/meeting-place.js';
import type { CreatedEvent } from '../core/ports/calendar.js';
import type { Connection } from '../core/ports/connections.js';
import { keepMeetingLink, meetingMadeBy } from './meeting-support.js';

/**
 * The guest's side: open a booking link, see which offered times are still free, book one.
 * Booking is race-safe: every booking bumps the versions of the store's claim cells its time
 * touches (with the user's buffers) in the same transaction that claims the slot and marks the
 * proposal booked, so of two bookings that could not both stand, whichever checked free/busy
 * before the other committed loses and re-checks. Double submits, two tabs and two guests on
 * two links all end with exactly one event; guests booking times apart never wait for each other.
 */

export interface BookingDeps extends CalendarDeps {
  signingKey: Buffer;
  baseUrl: string;
}

export interface OpenProposal {
  userId: string;
  proposal: Proposal;
  settings: UserSettings;
}

/** Resolves a link to its proposal, or says in a sentence why it cannot be used. */
export async function openBookingLink(deps: BookingDeps, token: string, now: string): Promise<OpenProposal> {
  // Made only when thrown: an error records its stack as it is made, on every page view otherwise.
  const unknown = () => new BookingError('unknown-link', 'This booking link is not valid. Check that it was copied completely.');
  if (!looksLikeBookingToken(token)) throw unknown();
  // A sealed token carries its proposal; an earlier release's token, or one sealed with a key
  // since replaced, is found by its stored hash.
  const target = sealedBookingRef(deps.signingKey, token) ?? (await deps.store.proposals.resolveLink(hashToken(token)));
  if (!target) throw unknown();
  const { proposal, settings } = await deps.store.bookings.proposalWithSettings(target.userId, target.proposalId);
  if (!proposal || !settings) throw unknown();
  if (proposal.status === 'booked') {
    // A retry after a booking that crashed half-way finishes it first, so the answer is true.
    if (proposal.booking?.calendarDue) await tryDueStep(deps, target.userId, proposal as BookedProposal, settings);
    throw new BookingError('link-used', 'This link has already been used to book a coffee. Use the links in your confirmation to change it.');
  }
  if (proposal.status === 'cancelled' || proposal.status === 'expired' || proposal.expiresAt <= now) {
    throw new BookingError('link-expired', 'This booking link has expired. Ask for a new one.');
  }
  if (proposal.status !== 'open') throw new BookingError('link-expired', 'This booking link is not ready yet. Try again in a minute.');
  return { userId: target.userId, proposal, settings };
}

function overlaps(a: { start: string; end: string }, b: { start: string; end: string }): boolean {
  return a.start < b.end && b.start < a.end;
}

/** The offered slots still free now: not past, and clear of everything but this proposal's own holds and claim. */
export async function freeOfferedSlots(deps: BookingDeps, open: OpenProposal, now: string): Promise<ProposedSlot[]> {
  const upcoming = open.proposal.slots.filter((s) => s.start > now);
  if (upcoming.length === 0) return [];
  const busy = await busyExceptOwnHolds(deps, open, upcoming);
  return upcoming.filter((slot) => isFree(slot, busy, open.settings));
}

export async function busyExceptOwnHolds(deps: BookingDeps, open: OpenProposal, slots: ProposedSlot[]): Promise<BusyInterval[]> {
  return (await availabilityExceptOwnHolds(deps, open, slots)).busy;
}

async function availabilityExceptOwnHolds(deps: BookingDeps, open: OpenProposal, slots: ProposedSlot[]): Promise<Availability> {
  const coffee = coffeeSettingsOf(open.settings);
  const from = new Date(Date.parse(slots[0]!.start) - coffee.bufferBeforeMinutes * 60_000).toISOString();
  const to = new Date(Date.parse(slots[slots.length - 1]!.end) + coffee.bufferAfterMinutes * 60_000).toISOString();
  const { busy, connections } = await availability(deps, open.userId, open.settings, { from, to }, { ownCalendarByClaims: true });
  return { busy: busy.filter((b) => b.proposalId !== open.proposal.id), connections };
}

export function isFree(slot: { start: string; end: string }, busy: BusyInterval[], settings: UserSettings): boolean {
  const widened = claimSpanFor(slot, settings);
  return !busy.some((b) => overlaps(widened, b));
}

export interface BookingRequest {
  start: string;
  name?: string;
  email?: string;
  /** The guest's IANA zone (checked at the edge), shown to the host with the booking. */
  zone?: string;
}

export interface BookingResult {
  userId: string;
  proposal: Proposal;
  booking: Booking;
  manageUrl: string;
  /** Where the coffee is, with the Meet or Teams link when the provider made one. */
  place: MeetingPlace;
}

export async function bookCoffee(deps: BookingDeps, token: string, request: BookingRequest, now: string): Promise<BookingResult> {
  let open = await openBookingLink(deps, token, now);
  const startMs = Date.parse(request.start);
  const slot = open.proposal.slots.find((s) => Date.parse(s.start) === startMs);
  if (!slot) throw new BookingError('slot-not-offered', 'That time was not one of the offered times. Pick one of the times shown.');
  if (slot.start <= now) throw new BookingError('slot-in-past', 'That time has already passed. Pick a later one.');

  const races = claimRaces();
  // Most times were never claimed: the first try commits as if no claim had touched this one's
  // cells, without reading them; where one had (a neighbour, a cancelled coffee), that commit
  // fails harmlessly and the next try reads the cells' versions.
  let guessUntouched = true;
  for (let attempt = 1; ; attempt++) {
    races.trying();
    // Another request may have booked this proposal since: that is "link used", not "taken".
    if (attempt > 1) open = await openBookingLink(deps, token, now);
    const span = claimSpanFor(slot, open.settings);
    const guard = await (guessUntouched ? deps.store.bookings.untouchedGuard(span) : deps.store.bookings.guard(open.userId, span));
    const { busy, connections } = await availabilityExceptOwnHolds(deps, open, [slot]);
    if (!isFree(slot, busy, open.settings)) {
      // A double submit finds the time busy with its own twin's coffee: that is "link used" (410), not "taken".
      await openBookingLink(deps, token, now);
      throw new BookingError('slot-taken', 'Sorry, that time was just taken. Please pick another one.');
    }
    const booking: Booking = {
      start: slot.start,
      end: slot.end,
      eventId: eventIdFor(open.proposal.id, slot.start, claimOf(guard)),
      guestEmail: (request.email ?? open.proposal.contactEmail).toLowerCase(),
      ...(request.name ? { guestName: request.name } : open.proposal.contactName ? { guestName: open.proposal.contactName } : {}),
      ...(request.zone ? { guestZone: request.zone } : {}),
      bookedAt: now,
      status: 'confirmed',
      revision: 0,
      calendarDue: 'create',
    };
    try {
      await deps.store.bookings.book(open.userId, open.proposal, booking, guard);
      return await finishBooking(deps, open, booking, connections);
    } catch (error) {
      if (!(error instanceof BookingConflict)) throw error;
      // A wrong guess costs one more try, with the cells read, not a lost race: the waits and the
      // limit are for tries whose check a claim beat.
      const wrongGuess = guessUntouched && error.reason === 'sequence';
      guessUntouched = false;
      if (wrongGuess) continue;
      if (!(await races.lost(error))) throw new BookingError('slot-taken', 'Many people are booking right now. Please try again in a moment.');
    }
  }
}

/** The time a booking of `slot` keeps free for itself: the slot with this user's buffers. */
export function claimSpanFor(slot: { start: string; end: string }, settings: UserSettings): { start: string; end: string } {
  const coffee = coffeeSettingsOf(settings);
  return claimSpanOf(slot, { beforeMinutes: coffee.bufferBeforeMinutes, afterMinutes: coffee.bufferAfterMinutes });
}

/** A claim's identity: the cell versions it committed against, which no later claim of that time shares. */
function claimOf(guard: Readonly<Record<string, number>>): string {
  return Object.keys(guard).sort().map((cell) => `${cell}:${guard[cell]}`).join(',');
}

/**
 * After the claim (which recorded that an event is owed): the real event, then the other holds
 * come off and the record is settled (booking-steps.ts). A failed event undoes the claim; a
 * failure after the event exists is finished by the next run, the guest's coffee stands.
 */
async function finishBooking(deps: BookingDeps, open: OpenProposal, booking: Booking, connections: readonly Connection[]): Promise<BookingResult> {
  const { proposal, settings, userId } = open;
  // The connection as free/busy just read it, moments before the claim: no second read.
  const connection = await writableConnection(deps, userId, proposal.calendarId, connections);
  await lookAheadMail(deps, userId, connection, settings, booking.guestEmail);
  const writer = await deps.openWriter(connection, settings, userId);
  const booked: BookedProposal = { ...proposal, status: 'booked', booking };
  let created: CreatedEvent | void;
  try {
    created = await writer.createEvent(invitationFor(booked, settings));
  } catch (error) {
    deps.logger.error('creating the booked event failed; releasing the slot', { userId, proposalId: proposal.id, error });
    // The provider may have created it and lost the answer: take it off (a no-op when it is not there).
    await writer.cancelEvent(booking.eventId).catch((cancelError: unknown) =>
      deps.logger.error('taking a possibly created event off failed', { userId, proposalId: proposal.id, error: cancelError }),
    );
    await deps.store.bookings.release(userId, booked);
    throw new BookingError('calendar-failed', 'We could not add the coffee to the calendar, so nothing was booked. Please try again.', { cause: error });
  }
  // Before the record is settled: once the guest's page loads, the link is what it shows.
  const madeLink = await keepMeetingLink(deps, userId, booked, created).catch((error: unknown) => {
    deps.logger.warn('keeping the meeting link is left to the manage page', { userId, proposalId: proposal.id, error });
    return undefined;
  });
  await finishCreated(deps, writer, userId, booked, settings).catch((error: unknown) =>
    deps.logger.warn('removing the other holds is left for the next run', { userId, proposalId: proposal.id, error }),
  );
  // Valid until the latest time the coffee could be moved to; openManageLink refuses once the
  // booked coffee (wherever it was moved) has started.
  const latestStart = Math.max(...proposal.slots.map((s) => Date.parse(s.start)), Date.parse(booking.start));
  const manageToken = manageTokenFor(deps.signingKey, { userId, proposalId: proposal.id, expiresAtMs: latestStart });
  const place = meetingPlaceOf(coffeeSettingsOf(settings), { calendarMakes: meetingMadeBy(connection.kind), ...(madeLink ? { madeLink } : {}) });
  const withLink = madeLink ? { ...booking, meetingUrl: madeLink } : booking;
  return { userId, proposal: { ...booked, booking: withLink }, booking: withLink, manageUrl: `${deps.baseUrl}/book/manage/${manageToken}`, place };
}
