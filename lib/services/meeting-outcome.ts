import { rebuildContact, recordMeetings } from '../core/domain/cadence.js';
import type { Contact } from '../core/domain/contact.js';
import type { CalendarEvent } from '../core/domain/event.js';
import { inferMeetings, meetingsFromVerdicts, type Verdict } from '../core/domain/inference.js';
import type { UserSettings } from '../core/domain/settings.js';
import { planMeetingChanges } from '../core/domain/sync-plan.js';
import type { Store } from '../core/ports/store.js';

/**
 * Inference's outcome made durable: the meetings the events amount to are recorded (or
 * retracted) against what is stored for the same span, and the people in them get their
 * cadence dates moved. Reads only the contacts those meetings involve.
 */

export interface MeetingOutcome {
  meetingsRecorded: number;
  meetingsRetracted: number;
  contactsChanged: number;
  verdicts: Verdict[];
}

/** `span`: where stored meetings are compared with the events' (a meeting outside it is left alone). */
export async function recordOutcome(
  deps: { store: Store },
  userId: string,
  settings: UserSettings,
  events: readonly CalendarEvent[],
  span: { from: string; to: string },
  now: string,
): Promise<MeetingOutcome> {
  const verdicts = inferMeetings(events, settings, now);
  const found = meetingsFromVerdicts(verdicts);
  const recorded = await deps.store.meetings.list(userId, span);
  const plan = planMeetingChanges(recorded, verdicts, found);
  if (plan.record.length === 0 && plan.retract.length === 0) {
    return { meetingsRecorded: 0, meetingsRetracted: 0, contactsChanged: 0, verdicts };
  }
  await deps.store.meetings.deleteMany(userId, plan.retract);
  await deps.store.meetings.putMany(userId, plan.record);

  const involved = new Set([...plan.record, ...plan.retract, ...plan.replaced].flatMap((m) => m.with));
  const contacts = await contactsOf(deps.store, userId, involved);
  // Recording only moves dates forward; a meeting that disappeared or changed (say, small
  // became a networking event) may have been someone's last, so those people are rebuilt
  // from their whole history.
  const rebuild = new Set([...plan.retract, ...plan.replaced].flatMap((m) => m.with));
  const history = rebuild.size > 0 ? await deps.store.meetings.list(userId) : [];
  const derive = (contact: Contact): Contact => {
    const recorded = recordMeetings(new Map([[contact.email, contact]]), plan.record, settings).find((c) => c.email === contact.email) ?? contact;
    return rebuild.has(contact.email) ? rebuildContact(recorded, history.filter((m) => m.with.includes(contact.email)), settings) : recorded;
  };

  const changed = recordMeetings(contacts, plan.record, settings);
  const created = changed.filter((c) => !contacts.has(c.email)).map(derive);
  await deps.store.contacts.putMany(userId, created);
  const existing = new Set([...changed.map((c) => c.email), ...rebuild].filter((email) => contacts.has(email)));
  for (const email of existing) {
    // Derived from the latest stored version under a lock, so a tier or snooze the user set
    // while this sync ran is kept rather than overwritten.
    await deps.store.contacts.modify(userId, email, derive);
  }
  return { meetingsRecorded: plan.record.length, meetingsRetracted: plan.retract.length, contactsChanged: created.length + existing.size, verdicts };
}

/** Past this many people one Query of every contact is cheaper than reading each (a unit each either way). */
const READ_EACH_UP_TO = 25;

async function contactsOf(store: Store, userId: string, emails: ReadonlySet<string>): Promise<Map<string, Contact>> {
  if (emails.size > READ_EACH_UP_TO) return new Map((await store.contacts.list(userId)).filter((c) => emails.has(c.email)).map((c) => [c.email, c]));
  // One BatchGetItem for the few people met, not a request each (the units are the same; the requests and their CPU are not).
  const found = emails.size > 0 ? await store.contacts.getMany(userId, [...emails]) : [];
  return new Map(found.map((c) => [c.email, c]));
}
