import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseIcsEvents } from '../../../../lib/adapters/calendars/ics/adapter.js';
import { MAX_TITLE_LENGTH } from '../../../../lib/core/domain/event.js';

const fixture = (name: string) => readFileSync(new URL(`../../../fixtures/ics/${name}`, import.meta.url));
const YEAR_2026 = { from: '2026-01-01T00:00:00Z', to: '2027-01-01T00:00:00Z' };

describe('attendees', () => {
  const [event] = parseIcsEvents(fixture('attendees.ics'), YEAR_2026);
  const attendee = (email: string) => event?.attendees.find((candidate) => candidate.email === email);

  it('lowercases and trims the mailto address, and keeps the first of duplicate listings', () => {
    expect(attendee('ann@example.com')).toEqual({ email: 'ann@example.com', name: 'Ann Accepts', response: 'accepted', kind: 'person' });
    expect(event?.attendees.filter((candidate) => candidate.email === 'ann@example.com')).toHaveLength(1);
  });

  it('maps PARTSTAT, with a missing answer as needs-action and a delegated one as declined', () => {
    expect(
      ['ann', 'dan', 'tess', 'nia', 'del', 'uma'].map((name) => attendee(`${name}@example.com`)?.response),
    ).toEqual(['accepted', 'declined', 'tentative', 'needs-action', 'declined', 'needs-action']);
  });

  it('maps CUTYPE, treats UNKNOWN as a person, and recognises Google room addresses without CUTYPE', () => {
    expect(
      ['uma@example.com', 'room4@example.com', 'projector@example.com', 'everyone@example.com', 'c_1882abc@resource.calendar.google.com'].map(
        (email) => attendee(email)?.kind,
      ),
    ).toEqual(['person', 'room', 'resource', 'group', 'room']);
  });

  it('keeps display names verbatim as data, markup and non-ASCII included', () => {
    expect(attendee('x@example.com')?.name).toBe('<script>alert(1)</script>');
    expect(attendee('zoe@example.com')?.name).toBe('Zoë Ångström');
  });

  it('skips an attendee without a usable address and uses the EMAIL parameter when the value is not mailto', () => {
    expect(event?.attendees.some((candidate) => candidate.name === 'No Address')).toBe(false);
    expect(attendee('param@example.com')?.name).toBe('Email Param');
    expect(event?.attendees).toHaveLength(13);
  });

  it('reads the organizer with its name', () => {
    expect(event?.organizer).toEqual({ email: 'olu@example.com', name: 'Olu Ade' });
  });
});

describe('event kinds, holds and transparency', () => {
  const events = parseIcsEvents(fixture('kinds.ics'), YEAR_2026);
  const byUid = (uid: string) => events.find((event) => event.uid === uid);

  it('reads focus, out-of-office and working-location from our tag or Outlook busy status', () => {
    expect(
      ['focus', 'oof', 'elsewhere', 'our-ooo', 'plain'].map((name) => byUid(`${name}@example.com`)?.kind),
    ).toEqual(['focus', 'out-of-office', 'working-location', 'out-of-office', 'default']);
  });

  it("marks Rapport's own holds with their proposal id", () => {
    expect(byUid('hold@example.com')).toMatchObject({ rapportHold: { proposalId: 'prop-42' }, status: 'tentative' });
    expect(byUid('plain@example.com')).not.toHaveProperty('rapportHold');
  });

  it('reads TRANSP:TRANSPARENT as not blocking time, and opaque by default', () => {
    expect(byUid('free@example.com')?.transparent).toBe(true);
    expect(byUid('plain@example.com')?.transparent).toBe(false);
  });

  it('leaves out absent optional fields instead of storing undefined', () => {
    const focus = byUid('focus@example.com');
    expect(Object.entries(focus ?? {}).filter(([, value]) => value === undefined)).toEqual([]);
    expect(focus).not.toHaveProperty('organizer');
    expect(focus).not.toHaveProperty('recurrenceId');
    expect(focus?.instanceKey).toBe('focus@example.com');
  });
});

describe('titles', () => {
  const withSummary = (summary: string) =>
    parseIcsEvents(
      ['BEGIN:VCALENDAR', 'BEGIN:VEVENT', 'UID:t', 'DTSTART:20261110T100000Z', `SUMMARY:${summary}`, 'END:VEVENT', 'END:VCALENDAR'].join('\n'),
      YEAR_2026,
    )[0]?.title;

  it('unescapes text values (RFC 5545 §3.3.11)', () => {
    expect(withSummary('Coffee\\, then a walk\\; maybe')).toBe('Coffee, then a walk; maybe');
  });

  it('truncates long titles on a character boundary', () => {
    const title = withSummary('☕'.repeat(MAX_TITLE_LENGTH + 50));
    expect(Array.from(title ?? '')).toHaveLength(MAX_TITLE_LENGTH);
    expect(title).toBe('☕'.repeat(MAX_TITLE_LENGTH));
  });

  it('never stores the description', () => {
    const [event] = parseIcsEvents(
      ['BEGIN:VCALENDAR', 'BEGIN:VEVENT', 'UID:d', 'DTSTART:20261110T100000Z', 'DESCRIPTION:secret agenda', 'END:VEVENT', 'END:VCALENDAR'].join('\n'),
      YEAR_2026,
    );
    expect(JSON.stringify(event)).not.toContain('secret agenda');
  });
});
