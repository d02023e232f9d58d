import type { CalendarWriter, InvitationRequest } from '../core/ports/calendar.js';
import { revisionOf, type Booking, type Proposal } from '../core/domain/proposal.js';
import { hostAlertMail, type BookingChange } from '../core/domain/host-alert.js';
import { fixedLocationOf, isProviderMeeting, meetingKindOf } from '../core/domain/meeting-place.js';
import { coffeeSettingsOf, hostNameOf, type UserSettings } from '../core/domain/settings.js';
import type { Logger } from '../runtime/log.js';
import type { ReadOptions } from '../core/ports/store.js';
import type { StepMarker } from '../core/ports/bookings.js';
import { writableConnection, type CalendarDeps } from './availability.js';
import type { Connection } from '../core/ports/connections.js';

/**
 * A booking's calendar side effects as recorded steps. Every change a guest makes is decided
 * first, by one conditional write that also records which calendar change it owes
 * (`booking.calendarDue`); only then is the calendar told, each call idempotent (the event id
 * is deterministic, holds are removed by id, moving to where it is and cancelling what is
 * cancelled change nothing, and Rapport's own outbox keeps one message per revision); last,
 * the record is settled. A crash anywhere leaves the record saying what is left, and
 * `settleBookings` (run by the sweep, and by the next request for that booking) finishes it.
 */

export type BookedProposal = Proposal & { booking: Booking };

/**
 * The real coffee as the provider gets it: the guest invited, the provider (or Rapport's outbox)
 * sends the invitation. The host appears by their display name; a Meet or Teams link is asked
 * of the provider, which puts it in the invitation itself.
 */
export function invitationFor(proposal: BookedProposal, settings: UserSettings): InvitationRequest {
  const { booking } = proposal;
  const coffee = coffeeSettingsOf(settings);
  const meeting = meetingKindOf(coffee);
  const location = fixedLocationOf(coffee);
  return {
    id: booking.eventId,
    proposalId: proposal.id,
    start: booking.start,
    end: booking.end,
    title: `Coffee: ${booking.guestName ?? booking.guestEmail} and ${hostNameOf(settings)}`,
    ...(location ? { location } : {}),
    ...(isProviderMeeting(meeting) ? { videoMeeting: meeting } : {}),
    organizer: { email: settings.ownerEmails[0]!, ...(settings.displayName ? { name: settings.displayName } : {}) },
    guest: { email: booking.guestEmail, ...(booking.guestName ? { name: booking.guestName } : {}) },
  };
}

/**
 * The host hears of every change, whatever calendar the coffee is on: a step after the calendar
 * step and before the record is settled, so a crash between them sends it on the next run, and
 * the mail id (the booking's revision) makes that run's delivery the same message.
 */
export async function alertHost(deps: CalendarDeps, userId: string, proposal: BookedProposal, settings: UserSettings, change: BookingChange): Promise<void> {
  const host = settings.ownerEmails[0];
  if (!deps.mailer || !host) return;
  const { booking } = proposal;
  await deps.mailer.deliver(
    userId,
    hostAlertMail({
      proposalId: proposal.id,
      revision: revisionOf(booking),
      change,
      guest: { email: booking.guestEmail, ...(booking.guestName ? { name: booking.guestName } : {}) },
      host: { email: host },
      start: booking.start,
      end: booking.end,
      timeZone: settings.timeZone,
      location: coffeeSettingsOf(settings).location,
    }),
  );
}

/**
 * A change on Rapport's own calendar mails twice at once, the guest's invitation (no provider
 * sends it) and the host's alert: both addresses' suppressions are read in one request. A
 * provider's calendar leaves one message, whose own read is as cheap.
 */
export async function lookAheadMail(deps: CalendarDeps, userId: string, connection: Connection, settings: UserSettings, guestEmail: string): Promise<void> {
  const host = settings.ownerEmails[0];
  if (!deps.mailer || !host || connection.kind !== 'rapport') return;
  // A saving, never a step: the change is decided already, and each delivery reads for itself without it.
  await deps.mailer.lookAhead(userId, [guestEmail, host]).catch((error: unknown) => deps.logger.warn('reading ahead for mail failed; each message reads for itself', { userId, error }));
}

/** Takes holds off: in one request where the calendar can, else each by id (idempotent, so all at once). */
export async function removeHolds(writer: CalendarWriter, holdIds: readonly string[]): Promise<void> {
  if (holdIds.length === 0) return;
  if (writer.removeHolds) await writer.removeHolds(holdIds);
  else await Promise.all(holdIds.map((id) => writer.removeHold(id)));
}

/**
 * After the event exists: the other holds come off and the host is told, then the record says
 * the booking is done. The first two are independent idempotent steps, so they run side by
 * side; a failure of either leaves the record unsettled and the next run repeats both (the
 * host's alert is one message per revision, so it is not sent twice).
 */
export async function finishCreated(deps: CalendarDeps, writer: CalendarWriter, userId: string, proposal: BookedProposal, settings: UserSettings): Promise<void> {
  await Promise.all([removeHolds(writer, proposal.slots.map((held) => held.holdId)), alertHost(deps, userId, proposal, settings, 'booked')]);
  await deps.store.bookings.settle(userId, proposal.id, proposal.booking);
}

/** Makes the calendar change the booking owes, then settles it. */
export async function makeDueStep(deps: CalendarDeps, userId: string, proposal: BookedProposal, settings: UserSettings): Promise<void> {
  const { booking } = proposal;
  if (!booking.calendarDue) return;
  const connection = await writableConnection(deps, userId, proposal.calendarId);
  await lookAheadMail(deps, userId, connection, settings, booking.guestEmail);
  const writer = await deps.openWriter(connection, settings, userId);
  switch (booking.calendarDue) {
    case 'create':
      await writer.createEvent(invitationFor(proposal, settings));
      await finishCreated(deps, writer, userId, proposal, settings);
      return;
    case 'move':
      await writer.moveEvent(booking.eventId, booking.start, booking.end);
      await alertHost(deps, userId, proposal, settings, 'moved');
      break;
    case 'cancel':
      await writer.cancelEvent(booking.eventId);
      await alertHost(deps, userId, proposal, settings, 'cancelled');
      break;
  }
  await deps.store.bookings.settle(userId, proposal.id, booking);
}

/** The step is left for the next run (the sweep, or the guest's next request): logged, never lost. */
export async function tryDueStep(deps: CalendarDeps & { logger: Logger }, userId: string, proposal: BookedProposal, settings: UserSettings): Promise<boolean> {
  try {
    await makeDueStep(deps, userId, proposal, settings);
    return true;
  } catch (error) {
    deps.logger.warn('a booking step is left for the next run', { userId, proposalId: proposal.id, step: proposal.booking.calendarDue, error });
    return false;
  }
}

/**
 * Finishes every booking of the user that a crash or a failed calendar call left half-done, and
 * clears the markers of changes that are settled (a booking settles on the guest's request and
 * leaves its marker to this run; a marker rewritten since by a newer change stays).
 */
export async function settleBookings(deps: CalendarDeps, userId: string, options?: ReadOptions): Promise<{ settled: number; left: number }> {
  const markers = await deps.store.bookings.due(userId, options);
  if (markers.length === 0) return { settled: 0, left: 0 };
  const read = await Promise.all(markers.map((marker) => deps.store.proposals.get(userId, marker.proposalId)));
  // A marker whose booking owes nothing now (settled, released, gone) is done; the others are owed.
  const owing: { marker: StepMarker; proposal: BookedProposal }[] = [];
  const done: StepMarker[] = [];
  markers.forEach((marker, i) => {
    const proposal = read[i];
    if (proposal?.booking?.calendarDue !== undefined) owing.push({ marker, proposal: proposal as BookedProposal });
    else done.push(marker);
  });
  const settings = owing.length ? await deps.store.profiles.get(userId) : null;
  let settled = 0;
  if (settings) {
    for (const { marker, proposal } of owing) {
      if (!(await tryDueStep(deps, userId, proposal, settings))) continue;
      settled++;
      done.push(marker);
    }
  }
  await Promise.all(done.map((marker) => deps.store.bookings.clearStep(userId, marker)));
  return { settled, left: owing.length - settled };
}
