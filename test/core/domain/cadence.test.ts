import { describe, expect, it } from 'vitest';
import {
  cadenceDaysOf,
  changeTier,
  dueContacts,
  effectiveDueAt,
  ignore,
  InvalidCadence,
  markFollowUpDone,
  nextDueAtOf,
  rebuildContact,
  recordMeetings,
  setCadence,
  snooze,
  unignore,
  unsnooze,
} from '../../../lib/core/domain/cadence.js';
import type { Contact } from '../../../lib/core/domain/contact.js';
import { aContact, aMeeting, daysAfter, guests, someSettings } from './builders.js';

const settings = someSettings();
const ANA = 'ana@people.example';
const noContacts = new Map<string, Contact>();
const mapOf = (contacts: readonly Contact[]) => new Map(contacts.map((c) => [c.email, c]));

describe('when someone is due', () => {
  it('is due the tier cadence after the last meeting: close 30, keep-warm 90, acquaintance 180 days', () => {
    const lastMetAt = '2027-01-10T09:00:00.000Z';
    expect(nextDueAtOf(aContact({ tier: 'close', lastMetAt }), settings)).toBe('2027-02-09T09:00:00.000Z');
    expect(nextDueAtOf(aContact({ tier: 'keep-warm', lastMetAt }), settings)).toBe('2027-04-10T09:00:00.000Z');
    expect(nextDueAtOf(aContact({ tier: 'acquaintance', lastMetAt }), settings)).toBe('2027-07-09T09:00:00.000Z');
  });

  it("uses the user's own tier cadences", () => {
    const mine = someSettings({ tierCadenceDays: { close: 7, 'keep-warm': 60, acquaintance: 365 } });
    expect(cadenceDaysOf(aContact({ tier: 'close' }), mine)).toBe(7);
  });

  it("a contact's own cadence overrides the tier's, and removing it goes back to the tier's", () => {
    const fortnightly = setCadence(aContact({ tier: 'keep-warm' }), 14, settings);
    expect(cadenceDaysOf(fortnightly, settings)).toBe(14);
    expect(fortnightly.nextDueAt).toBe('2027-01-24T09:00:00.000Z');
    const back = setCadence(fortnightly, undefined, settings);
    expect(back).not.toHaveProperty('cadenceDays');
    expect(back.nextDueAt).toBe('2027-04-10T09:00:00.000Z');
  });

  it('a cadence must be a whole number of days, at least one', () => {
    expect(() => setCadence(aContact(), 0, settings)).toThrow(InvalidCadence);
    expect(() => setCadence(aContact(), 1.5, settings)).toThrow(InvalidCadence);
  });

  it('someone in no tier is not tracked, whatever their own cadence', () => {
    expect(cadenceDaysOf(aContact({ tier: null, cadenceDays: 10 }), settings)).toBeNull();
    expect(nextDueAtOf(aContact({ tier: null }), settings)).toBeNull();
  });

  it('before any small meeting, the cadence runs from the first time we met', () => {
    const contact = aContact({ lastMetAt: undefined, firstMetAt: '2027-03-01T18:00:00.000Z', tier: 'close' });
    expect(nextDueAtOf(contact, settings)).toBe('2027-03-31T18:00:00.000Z');
    expect(nextDueAtOf(aContact({ lastMetAt: undefined, firstMetAt: undefined }), settings)).toBeNull();
  });

  it('moving someone to another tier moves their due date, and no tier stops tracking them', () => {
    expect(changeTier(aContact(), 'close', settings).nextDueAt).toBe('2027-02-09T09:00:00.000Z');
    const untracked = changeTier(aContact(), null, settings);
    expect(untracked.nextDueAt).toBeNull();
    expect(dueContacts([untracked], '2030-01-01T00:00:00.000Z')).toEqual([]);
  });
});

describe('the due list', () => {
  const now = '2027-05-01T00:00:00.000Z';

  it('lists due contacts most overdue first, ties by email', () => {
    const a = aContact({ email: 'a@people.example', nextDueAt: '2027-04-20T00:00:00.000Z' });
    const b = aContact({ email: 'b@people.example', nextDueAt: '2027-04-01T00:00:00.000Z' });
    const c = aContact({ email: 'c@people.example', nextDueAt: '2027-04-20T00:00:00.000Z' });
    const notYet = aContact({ email: 'd@people.example', nextDueAt: '2027-05-02T00:00:00.000Z' });
    const exactlyNow = aContact({ email: 'e@people.example', nextDueAt: now });
    expect(dueContacts([c, notYet, a, exactlyNow, b], now).map((x) => x.email)).toEqual([
      'b@people.example', 'a@people.example', 'c@people.example', 'e@people.example',
    ]);
  });

  it('snoozing pushes someone out of the due list until the snooze ends', () => {
    const snoozed = snooze(aContact({ nextDueAt: '2027-04-10T09:00:00.000Z' }), '2027-06-01T00:00:00.000Z');
    expect(effectiveDueAt(snoozed)).toBe('2027-06-01T00:00:00.000Z');
    expect(snoozed.nextDueAt).toBe('2027-04-10T09:00:00.000Z');
    expect(dueContacts([snoozed], now)).toEqual([]);
    expect(dueContacts([snoozed], '2027-06-01T00:00:00.000Z')).toEqual([snoozed]);
    expect(dueContacts([unsnooze(snoozed)], now)).toHaveLength(1);
    expect(unsnooze(snoozed)).not.toHaveProperty('snoozedUntil');
  });

  it('a snooze that ended before the due date does not delay it', () => {
    expect(effectiveDueAt(snooze(aContact(), '2027-02-01T00:00:00.000Z'))).toBe(aContact().nextDueAt);
  });

  it('ignoring someone removes them from the due list; un-ignoring brings them back', () => {
    const ignored = ignore(aContact());
    expect(ignored.nextDueAt).toBeNull();
    expect(dueContacts([ignored], now)).toEqual([]);
    const back = unignore(ignored, settings);
    expect(back.nextDueAt).toBe('2027-04-10T09:00:00.000Z');
    expect(dueContacts([back], now)).toEqual([back]);
  });

  it('marking the follow-up done keeps the cadence as it was', () => {
    const done = markFollowUpDone(aContact(), '2027-01-11T08:00:00.000Z');
    expect(done).toEqual({ ...aContact(), followUpDoneAt: '2027-01-11T08:00:00.000Z' });
  });
});

describe('recording meetings', () => {
  it('someone new met in a small meeting is tracked in the default tier from that meeting', () => {
    const [ana] = recordMeetings(noContacts, [aMeeting()], settings);
    expect(ana).toEqual({
      email: ANA,
      name: 'Ana Lima',
      nameSeenAt: '2027-03-01T09:00:00.000Z',
      tier: 'keep-warm',
      firstMetAt: '2027-03-01T09:00:00.000Z',
      firstMetAtTitle: 'Coffee',
      lastMetAt: '2027-03-01T09:00:00.000Z',
      nextDueAt: '2027-05-30T09:00:00.000Z',
      ignored: false,
    });
  });

  it('a tier set up front in the settings wins over the default tier', () => {
    const [ana] = recordMeetings(noContacts, [aMeeting()], someSettings({ tierByEmail: { [ANA]: 'close' } }));
    expect(ana?.tier).toBe('close');
  });

  it('a networking event never restarts the cadence', () => {
    const ana = aContact();
    const meetup = aMeeting({ instanceKey: 'meetup', start: '2027-03-10T18:00:00.000Z', size: 'large', with: [ANA, ...guests(9).map((g) => g.email)] });
    const after = recordMeetings(mapOf([ana]), [meetup], settings).find((c) => c.email === ANA) ?? ana;
    expect(after).toMatchObject({ lastMetAt: ana.lastMetAt, nextDueAt: ana.nextDueAt });
    expect(dueContacts([after], '2027-04-10T09:00:00.000Z')).toEqual([after]);
  });

  it('someone first met at a networking event is not tracked until they are put in a tier, but is remembered', () => {
    const meetup = aMeeting({ instanceKey: 'meetup', title: 'Meetup', size: 'large' });
    const [ana] = recordMeetings(noContacts, [meetup], settings);
    expect(ana).toMatchObject({ tier: null, nextDueAt: null, firstMetAt: meetup.start, firstMetAtTitle: 'Meetup' });
    expect(ana).not.toHaveProperty('lastMetAt');
  });

  it('someone from a networking event whose tier is set up front is due a cadence after that event', () => {
    const meetup = aMeeting({ size: 'large' });
    const [ana] = recordMeetings(noContacts, [meetup], someSettings({ tierByEmail: { [ANA]: 'close' } }));
    expect(ana).toMatchObject({ tier: 'close', nextDueAt: '2027-03-31T09:00:00.000Z' });
  });

  it('a coffee after the networking event starts tracking them, whether recorded together or later', () => {
    const meetup = aMeeting({ instanceKey: 'meetup', start: '2027-02-01T18:00:00.000Z', size: 'large' });
    const coffee = aMeeting({ start: '2027-02-10T09:00:00.000Z' });
    const together = recordMeetings(noContacts, [meetup, coffee], settings);
    const first = recordMeetings(noContacts, [meetup], settings);
    const later = recordMeetings(mapOf(first), [coffee], settings);
    expect(later).toEqual(together);
    expect(together[0]).toMatchObject({ tier: 'keep-warm', firstMetAt: meetup.start, lastMetAt: coffee.start });
  });

  it('someone I took out of my tiers stays out, even after we meet again', () => {
    const removed = changeTier(aContact(), null, settings);
    const [after] = recordMeetings(mapOf([removed]), [aMeeting({ start: '2027-03-01T09:00:00.000Z' })], settings);
    expect(after).toMatchObject({ tier: null, lastMetAt: '2027-03-01T09:00:00.000Z', nextDueAt: null });
  });

  it('first met is the earliest meeting of any size; last met the latest small one', () => {
    const meetings = [
      aMeeting({ instanceKey: 'c2', start: '2027-02-10T09:00:00.000Z', title: 'Lunch' }),
      aMeeting({ instanceKey: 'm', start: '2027-01-05T18:00:00.000Z', title: 'Meetup', size: 'large' }),
      aMeeting({ instanceKey: 'm2', start: '2027-03-05T18:00:00.000Z', size: 'large' }),
      aMeeting({ instanceKey: 'c1', start: '2027-01-20T09:00:00.000Z' }),
    ];
    expect(recordMeetings(noContacts, meetings, settings)[0]).toMatchObject({
      firstMetAt: '2027-01-05T18:00:00.000Z',
      firstMetAtTitle: 'Meetup',
      lastMetAt: '2027-02-10T09:00:00.000Z',
    });
  });

  it('takes the name from the latest meeting that gives one', () => {
    const meetings = [
      aMeeting({ instanceKey: 'a', start: '2027-02-01T09:00:00.000Z', names: { [ANA]: 'Ana' } }),
      aMeeting({ instanceKey: 'b', start: '2027-02-20T09:00:00.000Z', names: { [ANA]: 'Ana Lima-Sousa' }, size: 'large' }),
      aMeeting({ instanceKey: 'c', start: '2027-03-01T09:00:00.000Z', names: {} }),
    ];
    expect(recordMeetings(noContacts, meetings, settings)[0]).toMatchObject({ name: 'Ana Lima-Sousa', nameSeenAt: '2027-02-20T09:00:00.000Z' });
  });

  it('an older meeting recorded late never overrides a newer name', () => {
    const [renamed] = recordMeetings(noContacts, [aMeeting({ start: '2027-03-01T09:00:00.000Z', names: { [ANA]: 'Ana Sousa' } })], settings);
    const backfill = aMeeting({ instanceKey: 'old', start: '2027-01-01T09:00:00.000Z', names: { [ANA]: 'Ana' } });
    expect(recordMeetings(mapOf([renamed!]), [backfill], settings)[0]).toMatchObject({ name: 'Ana Sousa', firstMetAt: backfill.start });
  });

  it("never touches the user's choices: snooze, ignore, follow-up done, own cadence", () => {
    const choices = { snoozedUntil: '2027-09-01T00:00:00.000Z', ignored: true, followUpDoneAt: '2027-01-11T00:00:00.000Z', cadenceDays: 21 };
    const [after] = recordMeetings(mapOf([aContact(choices)]), [aMeeting()], settings);
    expect(after).toMatchObject({ ...choices, lastMetAt: aMeeting().start, nextDueAt: null });
  });

  it('recording the same meetings again changes nothing', () => {
    const meetings = [aMeeting(), aMeeting({ instanceKey: 'x', with: [ANA, 'bo@people.example'], size: 'large' })];
    const first = recordMeetings(noContacts, meetings, settings);
    expect(first.map((c) => c.email)).toEqual([ANA, 'bo@people.example']);
    expect(recordMeetings(mapOf(first), meetings, settings)).toEqual([]);
  });
});

describe('retracting a recorded meeting', () => {
  const january = aMeeting({ instanceKey: 'jan', start: '2027-01-10T09:00:00.000Z' });
  const march = aMeeting({ instanceKey: 'mar', start: '2027-03-01T09:00:00.000Z' });

  it('a meeting later cancelled no longer restarts the cadence', () => {
    const [ana] = recordMeetings(noContacts, [january, march], settings);
    const rebuilt = rebuildContact(ana!, [january], settings);
    expect(rebuilt).toMatchObject({ lastMetAt: january.start, nextDueAt: '2027-04-10T09:00:00.000Z' });
  });

  it("keeps the user's choices and tier, and stops tracking when no meeting is left", () => {
    const ana = aContact({ tier: 'close', snoozedUntil: '2027-09-01T00:00:00.000Z', cadenceDays: 10 });
    const rebuilt = rebuildContact(ana, [], settings);
    expect(rebuilt).toEqual({ email: ANA, name: 'Ana Lima', tier: 'close', snoozedUntil: '2027-09-01T00:00:00.000Z', cadenceDays: 10, nextDueAt: null, ignored: false });
  });

  it('first met moves to the earliest remaining meeting', () => {
    const rebuilt = rebuildContact(aContact({ firstMetAt: '2026-12-01T09:00:00.000Z', firstMetAtTitle: 'Gone' }), [march], settings);
    expect(rebuilt).toMatchObject({ firstMetAt: march.start, firstMetAtTitle: 'Coffee' });
  });
});

it('due dates are computed in UTC days, so they do not depend on the machine zone or DST', () => {
  // 2027-04-04 is the end of New Zealand daylight time (Chatham shifts by an hour).
  expect(nextDueAtOf(aContact({ tier: 'close', lastMetAt: '2027-03-20T00:00:00.000Z' }), settings)).toBe('2027-04-19T00:00:00.000Z');
  expect(daysAfter('2027-03-20T00:00:00.000Z', 30)).toBe('2027-04-19T00:00:00.000Z');
});
