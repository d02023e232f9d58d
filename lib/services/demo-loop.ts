import type { Contact, Meeting } from '../core/domain/contact.js';
import type { MailRecord } from '../core/domain/mail.js';
import type { Proposal } from '../core/domain/proposal.js';
import { bookCoffee, type BookingDeps, type BookingResult } from './booking.js';
import { listMeetings } from './dashboard.js';
import { listOutbox } from './outbox.js';
import type { ProposedCoffee } from './propose.js';
import { sweep } from './sweep.js';
import type { SyncDeps, SyncReport } from './sync.js';

/**
 * `rapport demo --book`: the loop a newcomer cannot otherwise see without waiting for a real
 * coffee. The guest books the first offered time through the booking page's own service, the
 * demo's clock moves on to the first sweep after the coffee, and the sweep reads the coffee back
 * from the calendar it was written to, like any calendar, and records it as a meeting.
 */

/** The clock the whole runtime reads (store, calendars, mailer), which the demo moves. */
export interface DemoClock {
  now(): string;
  moveTo(instant: string): void;
}

export interface ClosedLoop {
  coffee: ProposedCoffee;
  /** The demo's clock when the guest booked, and when the sweep after the coffee ran. */
  bookedAt: string;
  sweptAt: string;
  booked: BookingResult;
  /** The contact before the booking, and after the sweep. */
  before: Contact;
  after: Contact;
  sweep: SyncReport;
  /** The coffee as the sweep recorded it; null would mean it was not inferred as a meeting. */
  meeting: Meeting | null;
  /** The proposal as stored after the sweep. */
  proposal: Proposal | null;
  /** Every message the demo's store holds: the guest's invitation and the host's alert. */
  outbox: MailRecord[];
}

/** The local sweep runs every 15 minutes: the first one after the coffee's end is at most this much later. */
const SWEEP_INTERVAL_MS = 15 * 60_000;

/** The contact the proposal is for; a proposal is only ever made to a stored contact. */
async function contactOf(deps: SyncDeps, userId: string, email: string): Promise<Contact> {
  const contact = await deps.store.contacts.get(userId, email);
  if (!contact) throw new Error(`The proposal's contact ${email} is not stored`);
  return contact;
}

export async function closeTheLoop(deps: BookingDeps & SyncDeps, clock: DemoClock, userId: string, coffee: ProposedCoffee): Promise<ClosedLoop> {
  const before = await contactOf(deps, userId, coffee.contactEmail);
  const slot = coffee.slots[0]!;
  // What the guest has is the link: its last path segment is the token the booking page reads.
  const token = new URL(coffee.link).pathname.split('/').pop() ?? '';
  const bookedAt = clock.now();
  const booked = await bookCoffee(deps, token, { start: slot.start }, bookedAt);

  clock.moveTo(new Date(Date.parse(booked.booking.end) + SWEEP_INTERVAL_MS).toISOString());
  const sweptAt = clock.now();
  const report = await sweep(deps, userId, sweptAt);

  const [after, meetings, proposal, outbox] = await Promise.all([
    contactOf(deps, userId, coffee.contactEmail),
    listMeetings(deps.store, userId, { from: booked.booking.start, to: booked.booking.end }),
    deps.store.proposals.get(userId, coffee.proposalId),
    listOutbox(deps.store, userId),
  ]);
  const meeting = meetings.find((m) => Date.parse(m.start) === Date.parse(booked.booking.start) && m.with.includes(coffee.contactEmail)) ?? null;
  return { coffee, bookedAt, sweptAt, booked, before, after, sweep: report, meeting, proposal, outbox };
}
