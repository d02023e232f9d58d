import * as z from 'zod';
import { badRequest } from '../http/errors.js';
import { parseInput } from '../http/request.js';
import type { BookingRequest } from '../../services/booking.js';
import { isIanaZone } from './guest-zone.js';

/**
 * What a guest sends, parsed at the edge: the booking form, the JSON booking API and the
 * manage page's move form. Every message here is shown to the guest as is.
 */

const NAME_MAX = 100;

/** An instant with an explicit offset (`Z` or `+05:30`): a bare local time would be a guess. */
const instant = (message: string) =>
  z
    .string({ error: message })
    .trim()
    .pipe(z.iso.datetime({ offset: true, error: message }))
    .transform((value) => new Date(value).toISOString());

/** Empty means "not given": a browser sends every field of the form, filled or not. */
const blankAsAbsent = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

const guestName = z.preprocess(
  blankAsAbsent,
  z
    .string({ error: 'Your name must be text.' })
    .trim()
    .max(NAME_MAX, `Your name can be at most ${NAME_MAX} characters.`)
    // Line breaks would end up in the calendar invitation's title.
    .refine((name) => !/[\u0000-\u001f\u007f]/.test(name), 'Your name cannot contain line breaks or control characters.')
    .optional(),
);

const guestEmail = z.preprocess(
  blankAsAbsent,
  z
    .string({ error: 'Your email address must be text.' })
    .trim()
    .max(254, 'That email address is too long.')
    .pipe(z.email({ error: 'That email address does not look right; check it, or leave the field empty.' }))
    .transform((email) => email.toLowerCase())
    .optional(),
);

/** The zone the guest reads times in, kept with the booking so the host knows it. */
const guestZone = z.preprocess(
  blankAsAbsent,
  z
    .string({ error: 'timeZone must be text.' })
    .trim()
    .refine(isIanaZone, 'timeZone must be an IANA time zone such as Asia/Tokyo.')
    .optional(),
);

const JsonBookingSchema = z.strictObject(
  {
    start: instant('give the chosen time as an ISO 8601 date and time with offset, like 2026-12-01T09:00:00Z.'),
    name: guestName,
    email: guestEmail,
    timeZone: guestZone,
  },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys' ? `Unknown field ${issue.keys.join(', ')}: send only start, name, email and timeZone.` : 'Send a JSON object with start, and optionally name, email and timeZone.',
  },
);

/** Form fields other than these (csrf, tz) are read elsewhere; anything else a browser sends is ignored. */
const FormBookingSchema = z.object({
  start: instant('Pick one of the times.'),
  name: guestName,
  email: guestEmail,
});

function withoutAbsent(request: { start: string; name?: string | undefined; email?: string | undefined; timeZone?: string | undefined }): BookingRequest {
  return {
    start: request.start,
    ...(request.name !== undefined ? { name: request.name } : {}),
    ...(request.email !== undefined ? { email: request.email } : {}),
    ...(request.timeZone !== undefined ? { zone: request.timeZone } : {}),
  };
}

export function bookingFromJson(body: unknown): BookingRequest {
  return withoutAbsent(parseInput(JsonBookingSchema, body));
}

/** A person filling in a form needs the sentences, not the field names (each sentence names its field). */
function parseForm<S extends z.ZodType>(schema: S, fields: Record<string, string>): z.output<S> {
  const result = schema.safeParse(fields);
  if (result.success) return result.data;
  throw badRequest(result.error.issues.map((issue) => issue.message).join(' '));
}

/**
 * The form's `tz` is the zone the page showed times in when the guest chose one (detected by
 * the page's script, or picked); empty or unreadable, the booking simply has no zone.
 */
export function bookingFromForm(fields: Record<string, string>): BookingRequest {
  const zone = fields.tz?.trim();
  return withoutAbsent({ ...parseForm(FormBookingSchema, fields), ...(zone && isIanaZone(zone) ? { timeZone: zone } : {}) });
}

const MoveSchema = z.object({ start: instant('Pick one of the other times.') });

export function moveFromForm(fields: Record<string, string>): string {
  return parseForm(MoveSchema, fields).start;
}
