import type { BusyInterval } from '../core/domain/busy-time.js';
import type { CalendarWriter } from '../core/ports/calendar.js';
import { bookingTokenFor, hashToken } from './booking-links.js';
import type { Contact } from '../core/domain/contact.js';
import type { CoffeeSettings } from '../core/domain/coffee.js';
import { fixedLocationOf } from '../core/domain/meeting-place.js';
import { holdDescription } from '../core/domain/hold-description.js';
import { newestFirst } from '../core/domain/notes.js';
import { holdIdFor, holdTitle, linkExpiryFor, proposalIdFor, type Proposal } from '../core/domain/proposal.js';
import { coffeeSettingsOf, type UserSettings } from '../core/domain/settings.js';
import { findFreeSlots, localDayOf, spreadSlots, type Slot } from '../core/domain/slots.js';
import { AlreadyExists, ContactHasProposal, StaleProposal } from '../core/ports/store-errors.js';
import { busyIntervals, writableCalendar, writableCalendarId, type CalendarDeps } from './availability.js';
import { AvailabilityUnknown } from './booking-errors.js';
import { removeHolds } from './booking-steps.js';

/**
 * The proposer: each morning (and on `rapport propose`) it closes what has expired, finishes
 * what a crashed run left pending, then offers coffee to the most overdue contacts within the
 * week's budget. Idempotent: the proposal is stored before its holds (as `pending`), ids are
 * derived from (user, contact, day) and (proposal, slot), so a retried, overlapping or
 * crashed-and-rerun run never duplicates a hold or a proposal.
 */

export interface ProposeDeps extends CalendarDeps {
  signingKey: Buffer;
  /** Public base URL of booking links, e.g. http://localhost:3000. */
  baseUrl: string;
}

export interface ProposedCoffee {
  proposalId: string;
  contactEmail: string;
  contactName?: string;
  link: string;
  slots: Slot[];
  expiresAt: string;
}

export interface ProposeReport {
  created: ProposedCoffee[];
  resumed: string[];
  expired: string[];
  /** Due contacts not proposed to, with why. */
  skipped: { contactEmail: string; reason: 'has-proposal' | 'no-free-slot' | 'over-weekly-budget' }[];
}

const DAY_MS = 86_400_000;

export function bookingLinkFor(deps: Pick<ProposeDeps, 'signingKey' | 'baseUrl'>, userId: string, proposalId: string): string {
  return `${deps.baseUrl}/book/${bookingTokenFor(deps.signingKey, { userId, proposalId })}`;
}

/** How many of the contact's latest notes go on a hold, to read before the coffee. */
const NOTES_ON_HOLD = 3;

async function writeHolds(writer: CalendarWriter, proposal: Proposal, link: string, coffee: CoffeeSettings, notes: string[]): Promise<void> {
  for (const slot of proposal.slots) {
    await writer.putHold({
      id: slot.holdId,
      proposalId: proposal.id,
      start: slot.start,
      end: slot.end,
      title: holdTitle(proposal.contactName, proposal.contactEmail),
      // The hold is on the user's own calendar only: the guest's page and invitation never carry it.
      description: holdDescription(proposal.contactName ?? proposal.contactEmail, link, notes),
      location: fixedLocationOf(coffee),
    });
  }
}

/** What every step of one user's run shares. */
interface UserRun {
  deps: ProposeDeps;
  userId: string;
  /** The user's coffee settings, defaults filled in. */
  coffee: CoffeeSettings;
  /** Opens the writer of a calendar by connection id, once per run. */
  writerFor: (calendarId: string) => Promise<CalendarWriter>;
  now: string;
}

/** What offering coffee to a due contact needs besides the run itself. */
interface OfferContext extends UserRun {
  settings: UserSettings;
  /** Busy time from every calendar over the horizon; the run adds each offer's slots to it. */
  busy: BusyInterval[];
  /** Confirmed coffees by local day, against `coffee.maxPerDay`. */
  bookedPerLocalDay: Record<string, number>;
  /** The calendar new holds go to (the user's writable one). */
  calendarId: string;
}

/** Closes proposals whose link expired: their holds come off the calendar. Releases locks of coffees that happened. */
async function closeExpired(run: UserRun, proposals: Proposal[]): Promise<string[]> {
  const { deps, userId, writerFor, now } = run;
  const expired: string[] = [];
  for (const proposal of proposals) {
    if ((proposal.status === 'open' || proposal.status === 'pending') && proposal.expiresAt <= now) {
      // From the calendar the holds were written to, which may no longer be the writable one.
      const writer = await writerFor(proposal.calendarId).catch((error: unknown) => {
        // That calendar was disconnected: its holds went with it.
        if (error instanceof AvailabilityUnknown) return null;
        throw error;
      });
      if (writer) await removeHolds(writer, proposal.slots.map((slot) => slot.holdId));
      try {
        await deps.store.proposals.save(userId, { ...proposal, status: 'expired' }, ['open', 'pending']);
        expired.push(proposal.id);
      } catch (error) {
        if (!(error instanceof StaleProposal)) throw error; // booked meanwhile: the booking won
      }
    } else if (proposal.status === 'booked' && proposal.booking && proposal.booking.end <= now) {
      await deps.store.proposals.releaseLock(userId, proposal.contactEmail, proposal.id);
    }
  }
  return expired;
}

async function finishPending(run: UserRun, proposal: Proposal): Promise<void> {
  const { deps, userId, coffee } = run;
  const writer = await run.writerFor(proposal.calendarId);
  const notes = newestFirst(await deps.store.notes.listFor(userId, proposal.contactEmail)).slice(0, NOTES_ON_HOLD);
  await writeHolds(writer, proposal, bookingLinkFor(deps, userId, proposal.id), coffee, notes.map((n) => n.text));
  try {
    await deps.store.proposals.save(userId, { ...proposal, status: 'open' }, ['pending']);
  } catch (error) {
    if (!(error instanceof StaleProposal)) throw error; // an overlapping run finished it first
  }
}

/** Coffees that count against this week's budget: live proposals and upcoming booked coffees. */
function activeCount(proposals: Proposal[], now: string): number {
  return proposals.filter(
    (p) => (p.status === 'open' || p.status === 'pending') || (p.status === 'booked' && p.booking?.status === 'confirmed' && p.booking.end > now),
  ).length;
}

function bookedPerLocalDay(proposals: Proposal[], zone: string): Record<string, number> {
  const perDay: Record<string, number> = {};
  for (const p of proposals) {
    if (p.status === 'booked' && p.booking?.status === 'confirmed') {
      const day = localDayOf(p.booking.start, zone);
      perDay[day] = (perDay[day] ?? 0) + 1;
    }
  }
  return perDay;
}

export async function proposeForUser(deps: ProposeDeps, userId: string, now: string): Promise<ProposeReport> {
  const settings = await deps.store.profiles.get(userId);
  if (!settings) throw new Error(`No settings stored for user ${userId}`);
  const coffee = coffeeSettingsOf(settings);
  const calendarId = await writableCalendarId(deps, userId);
  // Each proposal's holds live on the calendar it was made on; new ones go to `calendarId`.
  const writers = new Map<string, Promise<CalendarWriter>>();
  const writerFor = (id: string) => {
    if (!writers.has(id)) writers.set(id, writableCalendar(deps, userId, settings, id));
    return writers.get(id)!;
  };
  const run: UserRun = { deps, userId, coffee, writerFor, now };
  const report: ProposeReport = { created: [], resumed: [], expired: [], skipped: [] };

  let proposals = await deps.store.proposals.list(userId);
  report.expired = await closeExpired(run, proposals);
  for (const pending of proposals.filter((p) => p.status === 'pending' && p.expiresAt > now)) {
    await finishPending(run, pending);
    report.resumed.push(pending.id);
  }
  proposals = await deps.store.proposals.list(userId);

  let budget = coffee.maxPerWeek - activeCount(proposals, now);
  const due = await deps.store.contacts.due(userId, now);
  // Most mornings the week's coffees are all on offer or booked: no calendar is read for free time.
  if (budget <= 0 || due.length === 0) {
    for (const contact of due) report.skipped.push({ contactEmail: contact.email, reason: 'over-weekly-budget' });
    return report;
  }
  const window = { from: now, to: new Date(Date.parse(now) + coffee.horizonDays * DAY_MS).toISOString() };
  const busy: BusyInterval[] = await busyIntervals(deps, userId, settings, window);
  const offer: OfferContext = { ...run, settings, busy, bookedPerLocalDay: bookedPerLocalDay(proposals, settings.timeZone), calendarId };

  for (const contact of due) {
    if (budget <= 0) {
      report.skipped.push({ contactEmail: contact.email, reason: 'over-weekly-budget' });
      continue;
    }
    const outcome = await proposeTo(offer, contact);
    if (outcome.kind === 'skipped') {
      report.skipped.push({ contactEmail: contact.email, reason: outcome.reason });
      continue;
    }
    report.created.push(outcome.coffee);
    // Later contacts in this run must not be offered the same times.
    busy.push(...outcome.coffee.slots);
    budget -= 1;
  }
  return report;
}

type Outcome = { kind: 'created'; coffee: ProposedCoffee } | { kind: 'skipped'; reason: 'has-proposal' | 'no-free-slot' };

async function proposeTo(offer: OfferContext, contact: Contact): Promise<Outcome> {
  const { deps, userId, settings, coffee, busy, calendarId, now } = offer;
  if (await deps.store.proposals.activeFor(userId, contact.email)) return { kind: 'skipped', reason: 'has-proposal' };
  const free = findFreeSlots({
    windows: coffee.windows,
    timeZone: settings.timeZone,
    from: now,
    to: new Date(Date.parse(now) + coffee.horizonDays * DAY_MS).toISOString(),
    durationMinutes: coffee.durationMinutes,
    stepMinutes: coffee.stepMinutes,
    bufferBeforeMinutes: coffee.bufferBeforeMinutes,
    bufferAfterMinutes: coffee.bufferAfterMinutes,
    busy,
    notBefore: new Date(Date.parse(now) + coffee.minimumNoticeHours * 3_600_000).toISOString(),
    maxPerDay: coffee.maxPerDay,
    bookedPerLocalDay: offer.bookedPerLocalDay,
  });
  const slots = spreadSlots(free, coffee.optionsPerProposal, settings.timeZone);
  if (slots.length === 0) return { kind: 'skipped', reason: 'no-free-slot' };

  const id = proposalIdFor(userId, contact.email, localDayOf(now, settings.timeZone));
  const link = bookingLinkFor(deps, userId, id);
  const proposal: Proposal = {
    id,
    contactEmail: contact.email,
    ...(contact.name ? { contactName: contact.name } : {}),
    calendarId,
    createdAt: now,
    expiresAt: linkExpiryFor(now, slots, { lifetimeDays: coffee.linkLifetimeDays, minimumNoticeHours: coffee.minimumNoticeHours }),
    status: 'pending',
    slots: slots.map((s) => ({ ...s, holdId: holdIdFor(id, s.start) })),
    tokenHash: hashToken(link.slice(link.lastIndexOf('/') + 1)),
  };
  try {
    await deps.store.proposals.create(userId, proposal);
  } catch (error) {
    if (error instanceof ContactHasProposal) return { kind: 'skipped', reason: 'has-proposal' };
    if (!(error instanceof AlreadyExists)) throw error;
    // An overlapping run created it a moment ago: finish it with its own slots.
    const stored = await deps.store.proposals.get(userId, id);
    if (!stored || stored.status !== 'pending') return { kind: 'skipped', reason: 'has-proposal' };
    Object.assign(proposal, stored);
  }
  await finishPending(offer, proposal);
  return {
    kind: 'created',
    coffee: {
      proposalId: id,
      contactEmail: contact.email,
      ...(contact.name ? { contactName: contact.name } : {}),
      link,
      slots: proposal.slots.map(({ start, end }) => ({ start, end })),
      expiresAt: proposal.expiresAt,
    },
  };
}
