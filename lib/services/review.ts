import { effectiveDueAt } from '../core/domain/cadence.js';
import type { Contact } from '../core/domain/contact.js';
import type { Proposal } from '../core/domain/proposal.js';
import type { UserSettings } from '../core/domain/settings.js';
import { startOfNextLocalWeek } from '../core/domain/time.js';
import type { Store } from '../core/ports/store.js';

/**
 * The weekly review (the seed: "review your list on a rhythm"): who is due by the end of this
 * week, who was followed up or met for coffee in the last seven days, who is snoozed, and
 * which proposals are waiting for an answer.
 */
export interface WeeklyReview {
  now: string;
  timeZone: string;
  weekEndsAt: string;
  dueThisWeek: Contact[];
  followedUp: Contact[];
  snoozed: Contact[];
  waiting: Proposal[];
  booked: Proposal[];
}

export async function weeklyReview(store: Store, userId: string, settings: UserSettings, now: string): Promise<WeeklyReview> {
  const weekEndsAt = startOfNextLocalWeek(now, settings.timeZone);
  const weekAgo = new Date(Date.parse(now) - 7 * 86_400_000).toISOString();
  const [due, contacts, proposals] = await Promise.all([
    store.contacts.due(userId, weekEndsAt),
    store.contacts.list(userId),
    store.proposals.list(userId),
  ]);
  const byName = (a: Contact, b: Contact) => (a.name ?? a.email).localeCompare(b.name ?? b.email, 'en');
  return {
    now,
    timeZone: settings.timeZone,
    weekEndsAt,
    dueThisWeek: due,
    followedUp: contacts.filter((c) => c.followUpDoneAt !== undefined && c.followUpDoneAt >= weekAgo).sort(byName),
    snoozed: contacts
      .filter((c) => c.snoozedUntil !== undefined && c.snoozedUntil > now && !c.ignored)
      .sort((a, b) => (a.snoozedUntil! < b.snoozedUntil! ? -1 : 1)),
    waiting: proposals.filter((p) => p.status === 'open' && p.expiresAt > now),
    booked: proposals
      .filter((p) => p.status === 'booked' && p.booking?.status === 'confirmed' && p.booking.start >= weekAgo)
      .sort((a, b) => (a.booking!.start < b.booking!.start ? -1 : 1)),
  };
}

export function reviewJson(review: WeeklyReview) {
  const contact = (c: Contact) => ({ email: c.email, name: c.name ?? null, tier: c.tier, dueAt: effectiveDueAt(c), snoozedUntil: c.snoozedUntil ?? null });
  return {
    now: review.now,
    weekEndsAt: review.weekEndsAt,
    dueThisWeek: review.dueThisWeek.map(contact),
    followedUp: review.followedUp.map((c) => ({ ...contact(c), followUpDoneAt: c.followUpDoneAt })),
    snoozed: review.snoozed.map(contact),
    waiting: review.waiting.map((p) => ({ contactEmail: p.contactEmail, expiresAt: p.expiresAt, slots: p.slots.map(({ start, end }) => ({ start, end })) })),
    booked: review.booked.map((p) => ({ contactEmail: p.contactEmail, start: p.booking!.start, end: p.booking!.end })),
  };
}
