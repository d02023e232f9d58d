import { describe, expect, it } from 'vitest';
import { calendarEventOf } from '../../../lib/adapters/calendars/microsoft/mapping.js';
import { inferMeetings } from '../../../lib/core/domain/inference.js';
import { sampleMailbox, SAMPLE_MAILBOX } from '../../../lib/local/graph-fake/sample-mailbox.js';

/**
 * The local Outlook sample: always "this week" relative to the run's now, and what Rapport
 * concludes from it is what the README promises a person clicking through will see.
 */

const verdictsAt = (now: string) =>
  inferMeetings(
    sampleMailbox(now).map((e) => calendarEventOf(e)!),
    { ownerEmails: [SAMPLE_MAILBOX.email], smallMeetingMaxPeople: 8 },
    now,
  ).map((v) => ({ title: v.event.title, reason: v.reason, with: v.counted ? v.with : [] }));

describe('the sample Outlook mailbox', () => {
  // Just after midnight and just before: the past events have ended either way, the coffee ahead has not started.
  it.each(['2027-03-01T00:00:01.000Z', '2027-03-01T23:59:59.000Z', '2026-10-25T01:30:00.000Z'])('at %s, has the last week behind and one coffee ahead', (now) => {
    const events = sampleMailbox(now);
    const nowMs = Date.parse(now);
    const ended = events.filter((e) => Date.parse(e.end.dateTime + 'Z') <= nowMs);
    expect(ended).toHaveLength(events.length - 1);
    for (const e of ended) expect(nowMs - Date.parse(e.start.dateTime + 'Z')).toBeLessThan(7 * 86_400_000);
    expect(verdictsAt(now)).toEqual([
      { title: 'Focus: proposal writing', reason: 'no-other-people', with: [] },
      { title: 'Intro call: security audit', reason: 'declined-by-me', with: [] },
      { title: 'Fernleaf design review', reason: 'met', with: ['ingrid.solberg@fernleaf.example', 'lukas.brandt@northwind.example'] },
      { title: 'Lunch: Harborline partnership', reason: 'met', with: ['kenji@harborline.example'] },
      { title: 'Coffee with Inês', reason: 'met', with: ['ines.carvalho@lisboa-ventures.example'] },
      { title: 'Coffee with Camille', reason: 'not-ended', with: [] },
    ]);
  });

  it('keeps an event’s ids for a day, and a later day’s copy is another event', () => {
    const monday = sampleMailbox('2027-03-01T08:00:00.000Z');
    expect(sampleMailbox('2027-03-01T20:00:00.000Z').map((e) => e.iCalUId)).toEqual(monday.map((e) => e.iCalUId));
    const tuesday = sampleMailbox('2027-03-02T08:00:00.000Z');
    expect(tuesday.map((e) => e.iCalUId).filter((id) => monday.some((m) => m.iCalUId === id))).toEqual([]);
  });
});
