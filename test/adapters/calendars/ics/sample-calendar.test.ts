import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseIcsEvents } from '../../../../lib/adapters/calendars/ics/adapter.js';
import { inferMeetings } from '../../../../lib/core/domain/inference.js';

/** The facts listed in examples/README.md, read back from examples/sample-calendar.ics. */

const SAMPLE = readFileSync(new URL('../../../../examples/sample-calendar.ics', import.meta.url));
const SETTINGS = JSON.parse(readFileSync(new URL('../../../../examples/settings.json', import.meta.url), 'utf8')) as {
  ownerEmails: string[];
  timeZone: string;
  smallMeetingMaxPeople: number;
};
const NOW = '2026-11-23T12:00:00.000Z';
const events = parseIcsEvents(SAMPLE, { from: '2026-09-28T00:00:00Z', to: '2026-12-21T00:00:00Z' }, {
  floatingTimeZone: SETTINGS.timeZone,
});
const titled = (prefix: string) => events.filter((event) => event.title?.startsWith(prefix));

describe('the sample calendar', () => {
  it('reads as 36 event instances', () => {
    expect(events).toHaveLength(36);
  });

  it('has the weekly sync with Priya at 09:00 London across the DST change, moved, excluded and cancelled once each', () => {
    const syncs = titled('Weekly sync with Priya');
    expect(syncs).toHaveLength(11);
    const startOn = (day: string) => syncs.find((event) => event.start.startsWith(day))?.start;
    expect(startOn('2026-10-20')).toBe('2026-10-20T08:00:00.000Z');
    expect(startOn('2026-10-27')).toBe('2026-10-27T09:00:00.000Z');
    expect(startOn('2026-10-13')).toBeUndefined();
    expect(startOn('2026-10-14')).toBe('2026-10-14T09:00:00.000Z');
    expect(startOn('2026-11-10')).toBeUndefined();
    expect(syncs.find((event) => event.start.startsWith('2026-11-17'))?.status).toBe('cancelled');
  });

  it('has an 8-hour flight across the night the clocks go back', () => {
    expect(titled('Flight BA178')[0]).toMatchObject({ start: '2026-10-24T23:00:00.000Z', end: '2026-10-25T07:00:00.000Z' });
  });

  it('has a 40-person meetup, an all-day trip and a CN that looks like markup', () => {
    expect(titled('London Founders Meetup')[0]?.attendees).toHaveLength(40);
    expect(titled('Trip to Lisbon')[0]).toMatchObject({ allDay: true, start: '2026-10-28T00:00:00.000Z', end: '2026-10-31T00:00:00.000Z' });
    expect(titled('Intro: security review')[0]?.attendees.map((attendee) => attendee.name)).toContain('<script>alert(1)</script>');
  });

  it('leads inference to the conclusions the README lists', () => {
    const verdicts = inferMeetings(events, SETTINGS, NOW);
    const reasonOf = (prefix: string) => verdicts.find((verdict) => verdict.event.title?.startsWith(prefix))?.reason;
    expect(reasonOf('Lunch with Tom Okafor')).toBe('met');
    expect(reasonOf('Coffee with Maya Chen')).toBe('met');
    expect(reasonOf('Coffee with Lena Fischer')).toBe('met');
    expect(reasonOf('Call with Daniel Park')).toBe('not-ended');
    expect(reasonOf('Quarterly pipeline review')).toBe('declined-by-me');
    expect(reasonOf('Lunch with Rachel Green')).toBe('cancelled');
    expect(reasonOf('Prep for Northwind board deck')).toBe('only-rooms');
    expect(reasonOf('Focus:')).toBe('focus-time');
    expect(reasonOf('Northwind book club')).toBe('transparent');
    expect(reasonOf('Hold: coffee with Maya')).toBe('own-hold');
    const meetup = verdicts.find((verdict) => verdict.event.title?.startsWith('London Founders Meetup'));
    expect(meetup).toMatchObject({ reason: 'networking-event' });
    expect(meetup?.counted && meetup.with).toHaveLength(38);
    const onboarding = verdicts.find((verdict) => verdict.event.title === 'Fernleaf onboarding');
    expect(onboarding?.counted && onboarding.with).toEqual(['hannah.webb@fernleaf.example']);
  });
});
