import { verifyManageToken } from './booking-links.js';
import { revisionOf, type Booking, type Proposal } from '../core/domain/proposal.js';
import type { UserSettings } from '../core/domain/settings.js';
import { BookingConflict, StaleProposal } from '../core/ports/store-errors.js';
import { claimRaces } from './claim-races.js';
import { tryDueStep } from './booking-steps.js';
import { busyExceptOwnHolds, claimSpanFor, isFree, type BookingDeps } from './booking.js';
import { BookingError, ManageError } from './booking-errors.js';

/**
 * The guest changes their mind from the confirmation's signed links: cancel the coffee (the
 * event is cancelled, so it never counts as met) or move it to another of the times first
 * offered that is still free.
 */

export interface ManagedBooking {
  userId: string;
  proposal: Proposal & { booking: Booking };
  settings: UserSettings;
}

/**
 * The revision of the booked coffee's event, for its `.ics` download: known when it lives on
 * Rapport's own calendar; a provider's calendar keeps its own (0 then).
 */
export async function bookedEventRevision(deps: Pick<BookingDeps, 'store'>, managed: ManagedBooking): Promise<number> {
  const onOwnCalendar = await deps.store.localCalendar.get(managed.userId, managed.proposal.booking.eventId);
  return onOwnCalendar?.sequence ?? 0;
}

export async function openManageLink(deps: BookingDeps, token: string, now: string): Promise<ManagedBooking> {
  const check = verifyManageToken(deps.signingKey, token, Date.parse(now));
  if (!check.ok) {
    throw check.reason === 'expired'
      ? new ManageError('link-expired', 'This coffee has already started, so it can no longer be changed here.')
      : new ManageError('invalid-link', 'This link is not valid. Check that it was copied completely.');
  }
  const { userId, proposalId } = check.claims;
  const [proposal, settings] = await Promise.all([deps.store.proposals.get(userId, proposalId), deps.store.profiles.get(userId)]);
  if (!proposal?.booking || !settings) throw new ManageError('invalid-link', 'This link is not valid. Check that it was copied completely.');
  // A change that crashed half-way is finished first, so the page shows what is true.
  if (proposal.booking.calendarDue) await tryDueStep(deps, userId, proposal as ManagedBooking['proposal'], settings);
  if (proposal.booking.status === 'cancelled') throw new ManageError('already-cancelled', 'This coffee was cancelled.');
  // The token outlives a coffee moved earlier (it is valid until the latest offered time): the booking decides.
  if (proposal.booking.start <= now) throw new ManageError('link-expired', 'This coffee has already started, so it can no longer be changed here.');
  return { userId, proposal: proposal as ManagedBooking['proposal'], settings };
}

/**
 * Cancelling is decided in the store first (only from the booking's current revision), then the
 * calendar is told: of a cancel and a move sent at once, the one the store took is the only
 * one that reaches the calendar; the other gets a clear answer and changes nothing.
 */
export async function cancelBooking(deps: BookingDeps, token: string, now: string): Promise<ManagedBooking> {
  const managed = await openManageLink(deps, token, now);
  const current = managed.proposal.booking;
  const cancelledBooking: Booking = { ...current, status: 'cancelled', revision: revisionOf(current) + 1, calendarDue: 'cancel' };
  try {
    await deps.store.bookings.cancel(managed.userId, managed.proposal, cancelledBooking);
  } catch (error) {
    if (error instanceof StaleProposal) throw changedMeanwhile();
    throw error;
  }
  const cancelled = { ...managed.proposal, booking: cancelledBooking };
  await tryDueStep(deps, managed.userId, cancelled, managed.settings);
  return { ...managed, proposal: cancelled };
}

function changedMeanwhile(): ManageError {
  return new ManageError('changed-meanwhile', 'This coffee was just changed from another page or tab, so nothing was done here. Reload the page to see it as it is now.');
}

/** Other offered times the guest could move to: not past, not the current one, still free. */
export async function alternativeSlots(deps: BookingDeps, managed: ManagedBooking, now: string) {
  const others = managed.proposal.slots.filter((s) => s.start > now && s.start !== managed.proposal.booking.start);
  if (others.length === 0) return [];
  const open = { userId: managed.userId, proposal: managed.proposal, settings: managed.settings };
  const busy = await busyExceptOwnHolds(deps, open, others);
  return others.filter((s) => isFree(s, busy, managed.settings));
}

export async function rescheduleBooking(deps: BookingDeps, token: string, start: string, now: string): Promise<ManagedBooking> {
  const races = claimRaces();
  for (;;) {
    races.trying();
    const managed = await openManageLink(deps, token, now);
    const slot = managed.proposal.slots.find((s) => Date.parse(s.start) === Date.parse(start));
    if (!slot || slot.start <= now) throw new ManageError('slot-not-offered', 'Pick one of the other times offered.');
    if (slot.start === managed.proposal.booking.start) return managed;
    const guard = await deps.store.bookings.guard(managed.userId, claimSpanFor(slot, managed.settings));
    const free = await alternativeSlots(deps, managed, now);
    if (!free.some((s) => s.start === slot.start)) throw new ManageError('slot-taken', 'Sorry, that time was just taken. Please pick another one.');
    const current = managed.proposal.booking;
    const moved: Booking = { ...current, start: slot.start, end: slot.end, revision: revisionOf(current) + 1, calendarDue: 'move' };
    try {
      await deps.store.bookings.move(managed.userId, managed.proposal, moved, guard);
    } catch (error) {
      // A changed cell re-checks free/busy; a changed booking is read again (a cancel that
      // won is then "already cancelled", the same move sent twice is already done).
      if (!(error instanceof BookingConflict)) throw error;
      if (await races.lost(error)) continue;
      throw new BookingError('slot-taken', 'Many people are booking right now. Please try again in a moment.');
    }
    const proposal = { ...managed.proposal, booking: moved };
    await tryDueStep(deps, managed.userId, proposal, managed.settings);
    return { ...managed, proposal };
  }
}
