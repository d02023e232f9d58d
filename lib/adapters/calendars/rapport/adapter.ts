import { ownCalendarBusy, type OwnCalendarEvent } from '../../../core/domain/own-calendar-event.js';
import type { Store } from '../../../core/ports/store.js';
import { CalendarError, type CalendarSource, type CalendarWriter, type RemovalOutcome } from '../../../core/ports/calendar.js';
import { type CalendarChanges } from '../../../core/domain/event.js';
import { type TimeWindow } from '../../../core/domain/busy-time.js';
import { calendarEventOf, changeCursorOf, overlaps } from './mapping.js';
import type { InvitationMessage, InvitationOutbox } from './outbox.js';

/**
 * Rapport's own calendar, for users whose calendars are read-only feeds: holds and booked
 * coffees are items in the store, published as the suggestions feed, and read back by sync
 * like any other calendar. Writes are idempotent by id, as the port asks.
 */

export interface RapportCalendarOptions {
  store: Pick<Store, 'localCalendar'>;
  userId: string;
  /** Organizer of every coffee, and its first attendee. */
  owner: { email: string; name?: string };
  /** Where invitations go; without one the coffee is written but nobody is told. */
  outbox?: InvitationOutbox;
  now: () => string;
}

/** The event to move is not on Rapport's calendar (never created, or cancelled). */
export class LocalEventMissing extends CalendarError {
  override name = 'LocalEventMissing';
}

export function createRapportCalendar(options: RapportCalendarOptions): CalendarSource & CalendarWriter {
  const { userId, owner } = options;
  const calendar = options.store.localCalendar;

  /**
   * Writes a change and hands its message to the outbox; if the outbox fails, the change is
   * undone and the error passed on, so the caller's retry (or its own undo, as booking does)
   * starts from a calendar where nothing happened.
   */
  const publish = async (message: InvitationMessage, undo: () => Promise<unknown>): Promise<void> => {
    if (!options.outbox) return;
    try {
      await options.outbox.send(message);
    } catch (error) {
      await undo();
      throw error;
    }
  };
  const guestOf = (event: OwnCalendarEvent) => event.attendees.find((a) => a.email.toLowerCase() !== owner.email.toLowerCase()) ?? owner;

  return {
    async putHold(hold) {
      await calendar.create(userId, {
        id: hold.id,
        kind: 'hold',
        proposalId: hold.proposalId,
        start: hold.start,
        end: hold.end,
        title: hold.title,
        ...(hold.description ? { description: hold.description } : {}),
        ...(hold.location ? { location: hold.location } : {}),
        status: 'tentative',
        organizer: owner,
        attendees: [],
        sequence: 0,
        updatedAt: options.now(),
      });
    },

    removeHold(holdId) {
      return calendar.remove(userId, holdId);
    },

    removeHolds(holdIds) {
      return calendar.removeMany(userId, holdIds);
    },

    async createEvent(invitation) {
      const event: OwnCalendarEvent = {
        id: invitation.id,
        kind: 'coffee',
        proposalId: invitation.proposalId,
        start: invitation.start,
        end: invitation.end,
        title: invitation.title,
        ...(invitation.description ? { description: invitation.description } : {}),
        ...(invitation.location ? { location: invitation.location } : {}),
        status: 'confirmed',
        organizer: owner,
        attendees: [owner, invitation.guest],
        sequence: 0,
        updatedAt: options.now(),
      };
      if ((await calendar.create(userId, event)) === 'created') {
        await publish({ method: 'REQUEST', event, to: invitation.guest }, () => calendar.remove(userId, event.id));
        return;
      }
      // A retry (after a crash between writing the event and sending it) sends the stored
      // revision again; the outbox keeps one message per revision, so the guest gets one.
      const stored = await calendar.get(userId, event.id);
      if (stored && stored.status !== 'cancelled') await publish({ method: 'REQUEST', event: stored, to: guestOf(stored) }, async () => {});
    },

    async moveEvent(eventId, start, end) {
      const current = await calendar.get(userId, eventId);
      if (!current || current.status === 'cancelled') throw new LocalEventMissing(`event ${eventId} is not on Rapport's calendar`);
      if (Date.parse(current.start) === Date.parse(start) && Date.parse(current.end) === Date.parse(end)) {
        // Already there: a retry sends this revision again (one message per revision, see outbox.ts).
        if (current.sequence > 0) await publish({ method: 'REQUEST', event: current, to: guestOf(current) }, async () => {});
        return;
      }
      const moved: OwnCalendarEvent = { ...current, start, end, sequence: current.sequence + 1, updatedAt: options.now() };
      await calendar.put(userId, moved);
      await publish({ method: 'REQUEST', event: moved, to: guestOf(moved) }, () => calendar.put(userId, current));
    },

    async cancelEvent(eventId): Promise<RemovalOutcome> {
      const current = await calendar.get(userId, eventId);
      if (!current) return 'already-gone';
      if (current.status === 'cancelled') {
        // A retry after a crash between cancelling and sending: the same CANCEL again, kept once.
        if (current.kind === 'coffee') await publish({ method: 'CANCEL', event: current, to: guestOf(current) }, async () => {});
        return 'already-gone';
      }
      // A hold was never sent to anyone: it simply comes off.
      if (current.kind === 'hold') return calendar.remove(userId, eventId);
      const cancelled: OwnCalendarEvent = { ...current, status: 'cancelled', sequence: current.sequence + 1, updatedAt: options.now() };
      await calendar.put(userId, cancelled);
      await publish({ method: 'CANCEL', event: cancelled, to: guestOf(cancelled) }, () => calendar.put(userId, current));
      return 'removed';
    },

    async readChanges(cursor: string | null, window: TimeWindow): Promise<CalendarChanges> {
      // A replica's copy (half the read units, every sweep): what the sync takes from this
      // calendar (meetings once a coffee has ended) is hours behind its writes anyway, and the
      // next read sees a change this one missed. Free/busy (readBusy) reads the latest.
      // Sync gets the coffees only: a hold is Rapport's own offer, never a meeting, and were
      // holds synced, every proposal run would cost its next sweep a stored event per hold.
      const inWindow = (await calendar.list(userId, { eventual: true })).filter((event) => event.kind === 'coffee' && overlaps(event, window));
      const next = changeCursorOf(inWindow);
      if (cursor === next) return { kind: 'unchanged', cursor };
      return { kind: 'snapshot', events: inWindow.map(calendarEventOf), cursor: next };
    },

    async readBusy(window: TimeWindow) {
      return ownCalendarBusy(await calendar.busyIn(userId, window), window);
    },
  };
}
