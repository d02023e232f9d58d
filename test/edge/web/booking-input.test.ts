import { describe, expect, it } from 'vitest';
import { HttpError } from '../../../lib/edge/http/errors.js';
import { bookingFromForm, bookingFromJson, moveFromForm } from '../../../lib/edge/web/booking-input.js';
import { guestZoneOf } from '../../../lib/edge/web/guest-zone.js';

const START = '2026-12-01T08:30:00.000Z';

function failure(parse: () => unknown): { status: number; message: string } {
  try {
    parse();
  } catch (error) {
    if (error instanceof HttpError) return { status: error.status, message: error.message };
    throw error;
  }
  throw new Error('expected the input to be refused');
}

describe('the JSON booking body', () => {
  it('accepts a time with any offset as the same instant, and tidies name and email', () => {
    expect(bookingFromJson({ start: '2026-12-01T14:00:00+05:30', name: '  Priya  ', email: ' Priya@Example.IN ' })).toEqual({
      start: START,
      name: 'Priya',
      email: 'priya@example.in',
    });
  });

  it('treats empty name and email as not given (the proposal contact is invited)', () => {
    expect(bookingFromJson({ start: START, name: '', email: '  ' })).toEqual({ start: START });
  });

  it.each([
    [{}, 'start: give the chosen time as an ISO 8601 date and time'],
    [{ start: 'next tuesday' }, 'ISO 8601'],
    [{ start: '2026-12-01T08:30:00' }, 'with offset'],
    [{ start: 1764577800000 }, 'ISO 8601'],
    [{ start: START, name: 'x'.repeat(101) }, 'name: Your name can be at most 100 characters.'],
    [{ start: START, name: 'Eve\r\nBCC: everyone' }, 'cannot contain line breaks'],
    [{ start: START, email: 'not-an-email' }, 'email: That email address does not look right'],
    [{ start: START, email: 42 }, 'email: Your email address must be text.'],
    [{ start: START, admin: true }, 'Unknown field admin: send only start, name, email and timeZone.'],
    [[START], 'Send a JSON object with start'],
    [null, 'Send a JSON object with start'],
  ])('refuses %j with a 400 that says what to fix', (body, message) => {
    const refused = failure(() => bookingFromJson(body));
    expect(refused.status).toBe(400);
    expect(refused.message).toContain(message);
  });

  it('accepts a name of exactly 100 characters', () => {
    expect(bookingFromJson({ start: START, name: 'n'.repeat(100) }).name).toHaveLength(100);
  });
});

describe('the booking and move forms', () => {
  it('reads the picked time and the zone the times were shown in (kept for the host), and ignores the csrf field', () => {
    expect(bookingFromForm({ start: START, name: '', email: '', csrf: 't', tz: 'Asia/Kolkata' })).toEqual({ start: START, zone: 'Asia/Kolkata' });
  });

  it('books without a zone when the page showed the host zone or the zone field is not a zone', () => {
    expect(bookingFromForm({ start: START, csrf: 't', tz: '' })).toEqual({ start: START });
    expect(bookingFromForm({ start: START, csrf: 't', tz: '"><script>' })).toEqual({ start: START });
  });

  it('takes an IANA zone in JSON and refuses anything else with a sentence', () => {
    expect(bookingFromJson({ start: START, timeZone: 'Asia/Tokyo' })).toEqual({ start: START, zone: 'Asia/Tokyo' });
    expect(() => bookingFromJson({ start: START, timeZone: 'UTC+9' })).toThrow('timeZone must be an IANA time zone such as Asia/Tokyo.');
  });

  it('asks the person to pick a time, in a sentence without field names', () => {
    expect(failure(() => bookingFromForm({ name: 'Ann' }))).toEqual({ status: 400, message: 'Pick one of the times.' });
    expect(failure(() => moveFromForm({ start: 'soon' }))).toEqual({ status: 400, message: 'Pick one of the other times.' });
    expect(failure(() => bookingFromForm({ start: START, email: 'ann@' })).message).toBe(
      'That email address does not look right; check it, or leave the field empty.',
    );
  });
});

describe("the guest's time zone", () => {
  it.each([
    ['Asia/Kolkata', { zone: 'Asia/Kolkata', chosen: true }],
    ['America/Argentina/Buenos_Aires', { zone: 'America/Argentina/Buenos_Aires', chosen: true }],
    ['UTC', { zone: 'UTC', chosen: true }],
    [undefined, { zone: 'Europe/London', chosen: false }],
    ['', { zone: 'Europe/London', chosen: false }],
    ['Mars/Olympus_Mons', { zone: 'Europe/London', chosen: false }],
    ['UTC+5', { zone: 'Europe/London', chosen: false }],
    ['"><script>alert(1)</script>', { zone: 'Europe/London', chosen: false }],
  ])('%j shows times in %j', (requested, expected) => {
    expect(guestZoneOf(requested, 'Europe/London')).toEqual(expected);
  });
});
