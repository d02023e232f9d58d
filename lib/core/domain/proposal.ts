import { createHash } from 'node:crypto';

/**
 * A coffee proposal: the slots offered to one due contact, the tentative holds that keep them
 * free on the user's calendar, and, once the guest picks one, the booking.
 *
 * Lifecycle: `pending` (being written: holds may be partly on the calendar) → `open` (link
 * live) → `booked` | `expired` | `cancelled`. A proposal is written before its holds, so a run
 * that crashes in between finds it `pending` next time and finishes it instead of starting over.
 */
export type ProposalStatus = 'pending' | 'open' | 'booked' | 'expired' | 'cancelled';

export interface ProposedSlot {
  start: string;
  end: string;
  /** Deterministic id of the hold written for this slot (see holdIdFor). */
  holdId: string;
}

export interface Booking {
  start: string;
  end: string;
  /** Deterministic id of the real event (see eventIdFor): the provider-side idempotency key. */
  eventId: string;
  guestEmail: string;
  guestName?: string;
  /** The IANA zone the guest booked in (the booking page's detected or chosen zone), when known. */
  guestZone?: string;
  /**
   * The Meet or Teams link the provider made with the event, once read back. Recorded after the
   * event exists (bookings.recordMeetingLink); a move keeps it (the provider keeps the meeting).
   */
  meetingUrl?: string;
  bookedAt: string;
  /** `cancelled` when the guest cancelled from their confirmation link. */
  status: 'confirmed' | 'cancelled';
  /**
   * Bumped by every change the guest makes (booked: 0; each move or cancel: +1). The store
   * takes a change only from a caller that saw the current revision, so of a move and a cancel
   * sent at once exactly one wins, before either touches a calendar. Absent on older bookings: 0.
   */
  revision?: number;
  /**
   * The calendar change the store has decided and the calendar has not been told yet: set in
   * the same conditional write that decides it, cleared once it is made. A crash in between
   * leaves it set, and the next request for the booking (or the sweep) makes it; every step
   * is idempotent, so making it twice changes nothing.
   */
  calendarDue?: CalendarStep;
}

/** What the user's calendar still has to be told about a booking. */
export type CalendarStep = 'create' | 'move' | 'cancel';

export function revisionOf(booking: Booking): number {
  return booking.revision ?? 0;
}

export interface Proposal {
  id: string;
  contactEmail: string;
  /** As known from the calendar; untrusted text. */
  contactName?: string;
  /** The connection holds and the invitation are written to. */
  calendarId: string;
  createdAt: string;
  /** The booking link stops working at this instant; stored as the item's TTL too. */
  expiresAt: string;
  status: ProposalStatus;
  slots: ProposedSlot[];
  /** SHA-256 of the booking token: the raw token is only ever in the link. */
  tokenHash: string;
  booking?: Booking;
}

/** Lowercase base32hex (`0-9a-v`): valid as a Google Calendar event id and in URLs. */
function base32hex(bytes: Buffer): string {
  const alphabet = '0123456789abcdefghijklmnopqrstuv';
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31];
  return out;
}

function digestId(...parts: string[]): string {
  return base32hex(createHash('sha256').update(parts.join('\u0000')).digest()).slice(0, 32);
}

/** One proposal per user, contact and local run date: overlapping runs on a day agree on it. */
export function proposalIdFor(userId: string, contactEmail: string, localRunDate: string): string {
  return digestId('proposal', userId, contactEmail, localRunDate);
}

/** The hold for one offered slot: a retried write of the same hold is the same event. */
export function holdIdFor(proposalId: string, slotStart: string): string {
  return digestId('hold', proposalId, slotStart);
}

/**
 * The booked coffee: the same id for every retry of one claim, so the provider creates it
 * once. `claim` (the versions of the claim cells the claim was made at) makes each claim's id new: a
 * provider keeps the id of an event it deleted, so an event taken off after a failed booking
 * must never block the next booking of the same time.
 */
export function eventIdFor(proposalId: string, slotStart: string, claim: string): string {
  return digestId('event', proposalId, slotStart, claim);
}

/**
 * The time a booking of `slot` keeps from every other booking: the slot widened by the user's
 * buffers. If either of two bookings has its buffered time on the other's time, they cannot
 * both stand, and then their spans overlap: the store serialises bookings whose spans overlap
 * (lib/adapters/store/bookings.ts) and lets all others commit side by side.
 */
export function claimSpanOf(slot: { start: string; end: string }, buffers: { beforeMinutes: number; afterMinutes: number }): { start: string; end: string } {
  return {
    start: new Date(Date.parse(slot.start) - buffers.beforeMinutes * 60_000).toISOString(),
    end: new Date(Date.parse(slot.end) + buffers.afterMinutes * 60_000).toISOString(),
  };
}

/**
 * When a booking link stops working. At least `lifetimeDays` after it was made (the user's
 * setting), and never before its last offered time can still be booked: that time's start
 * minus the minimum notice. The proposer offers times up to `horizonDays` ahead, which may be
 * longer than the lifetime; cutting the link off at the lifetime would show the guest a time
 * (and say "valid until" a day before it) that could never be booked.
 */
export function linkExpiryFor(createdAt: string, slots: readonly { start: string }[], rules: { lifetimeDays: number; minimumNoticeHours: number }): string {
  const lifetimeEnd = Date.parse(createdAt) + rules.lifetimeDays * 86_400_000;
  const lastBookable = Math.max(...slots.map((s) => Date.parse(s.start) - rules.minimumNoticeHours * 3_600_000));
  return new Date(Math.max(lifetimeEnd, lastBookable)).toISOString();
}

/** Title of a hold on the user's calendar. Untrusted name: escaped wherever it is rendered. */
export function holdTitle(contactName: string | undefined, contactEmail: string): string {
  return `Coffee with ${contactName || contactEmail}? (suggested by Rapport)`;
}
