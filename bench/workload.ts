import type { BusyInterval } from '../lib/core/domain/busy-time.js';
import { findFreeSlots, spreadSlots, type Slot } from '../lib/core/domain/slots.js';
import type { Contact } from '../lib/core/domain/contact.js';
import { DEFAULT_COFFEE_SETTINGS } from '../lib/core/domain/coffee.js';
import type { CalendarEvent } from '../lib/core/domain/event.js';
import { instanceKeyOf } from '../lib/core/domain/event.js';
import type { UserSettings } from '../lib/core/domain/settings.js';
import { SCHEDULE_MINUTES } from '../infra/lambda-functions.js';
import { seededRandom } from './stats.js';

/**
 * The "typical user" every section measures: 2 calendars, 30 meetings a week with people
 * from a 300-contact network, plus the blocks that are not meetings (focus time, holds,
 * all-day trips), a daily proposal and a booking a week. Seeded: every run sees the same data.
 */

export const TYPICAL = {
  calendars: 2,
  meetingsPerWeek: 30,
  otherEventsPerWeek: 15,
  contacts: 300,
  syncsPerDay: (24 * 60) / SCHEDULE_MINUTES.sweep, // the sweep schedule of the stack
  proposalsPerDay: 1,
  bookingsPerWeek: 1,
} as const;

export const OWNER = 'alex@northwind.example';
export const BENCH_NOW = '2027-03-10T12:00:00.000Z';

export const SETTINGS: UserSettings = {
  ownerEmails: [OWNER],
  timeZone: 'Europe/London',
  tierCadenceDays: { close: 30, 'keep-warm': 90, acquaintance: 180 },
  defaultTier: 'acquaintance',
  tierByEmail: {},
  smallMeetingMaxPeople: 8,
  coffee: { ...DEFAULT_COFFEE_SETTINGS },
};

export const contactEmail = (i: number) => `person${String(i).padStart(3, '0')}@network.example`;

/** One week of events ending at `weekEnd`, meetings first; `seed` varies the week. */
export function weekOfEvents(weekEnd: string, seed: number): CalendarEvent[] {
  const random = seededRandom(seed);
  const endMs = Date.parse(weekEnd);
  const events: CalendarEvent[] = [];
  const total = TYPICAL.meetingsPerWeek + TYPICAL.otherEventsPerWeek;
  for (let i = 0; i < total; i++) {
    const day = Math.floor(random() * 5);
    const hour = 8 + Math.floor(random() * 9);
    const start = endMs - 7 * 86_400_000 + day * 86_400_000 + hour * 3_600_000 - 12 * 3_600_000;
    const uid = `bench-${seed}-${i}@rapport`;
    const isMeeting = i < TYPICAL.meetingsPerWeek;
    const people = isMeeting ? 1 + Math.floor(random() * 3) : 0;
    events.push({
      uid,
      instanceKey: instanceKeyOf(uid),
      start: new Date(start).toISOString(),
      end: new Date(start + 30 * 60_000).toISOString(),
      allDay: false,
      status: 'confirmed',
      transparent: false,
      kind: isMeeting ? 'default' : i % 3 === 0 ? 'focus' : 'default',
      title: isMeeting ? 'Catch-up' : 'Focus',
      organizer: { email: OWNER },
      attendees: [
        { email: OWNER, response: 'accepted', kind: 'person' },
        ...Array.from({ length: people }, () => ({
          email: contactEmail(Math.floor(random() * TYPICAL.contacts)),
          response: 'accepted' as const,
          kind: 'person' as const,
        })),
      ],
    });
  }
  return events;
}

/** The 300 contacts as sync left them: tiered, met some months ago, a few due. */
export function typicalContacts(now: string): Contact[] {
  const random = seededRandom(7);
  const nowMs = Date.parse(now);
  return Array.from({ length: TYPICAL.contacts }, (_, i) => {
    const lastMetMs = nowMs - Math.floor(random() * 200) * 86_400_000;
    const tier = (['close', 'keep-warm', 'acquaintance'] as const)[i % 3]!;
    const cadence = SETTINGS.tierCadenceDays[tier]!;
    return {
      email: contactEmail(i),
      name: `Person ${i}`,
      tier,
      firstMetAt: new Date(lastMetMs - 365 * 86_400_000).toISOString(),
      lastMetAt: new Date(lastMetMs).toISOString(),
      nextDueAt: new Date(lastMetMs + cadence * 86_400_000).toISOString(),
      ignored: false,
    };
  });
}

/** `count` busy intervals spread over `days` from `from`: 15–120 minutes, overlapping freely. */
export function busyIntervals(count: number, from: string, days: number, seed = 11): BusyInterval[] {
  const random = seededRandom(seed);
  const fromMs = Date.parse(from);
  const span = days * 86_400_000;
  return Array.from({ length: count }, () => {
    const start = fromMs + Math.floor(random() * span / 60_000) * 60_000;
    const minutes = 15 + Math.floor(random() * 8) * 15;
    return { start: new Date(start).toISOString(), end: new Date(start + minutes * 60_000).toISOString() };
  });
}

/** What the proposer computes for one contact: free slots in the typical user's windows, spread over days. */
export function offeredSlots(busy: readonly BusyInterval[], horizonDays: number): Slot[] {
  const coffee = SETTINGS.coffee!;
  const free = findFreeSlots({
    windows: coffee.windows,
    timeZone: SETTINGS.timeZone,
    from: BENCH_NOW,
    to: new Date(Date.parse(BENCH_NOW) + horizonDays * 86_400_000).toISOString(),
    durationMinutes: coffee.durationMinutes,
    stepMinutes: coffee.stepMinutes,
    bufferBeforeMinutes: coffee.bufferBeforeMinutes,
    bufferAfterMinutes: coffee.bufferAfterMinutes,
    busy,
    notBefore: BENCH_NOW,
  });
  return spreadSlots(free, coffee.optionsPerProposal, SETTINGS.timeZone);
}
