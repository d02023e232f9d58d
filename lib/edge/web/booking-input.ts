import * as z from 'zod';
import { badRequest } from '../http/errors.js';
import { parseInput } from '../http/request.js';
import type { BookingRequest } from '../../services/booking.js';

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

const JsonBookingSchema = z.strictObject(
  {
    start: instant('give the chosen time as an ISO 8601 date and time with offset, like 2026-12-01T09:00:00Z.'),
    name: guestName,
    email: guestEmail,
  },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys' ? `Unknown field ${issue.keys.join(', ')}: send only start, name and email.` : 'Send a JSON object with start, and optionally name and email.',
  },
);

/** Form fields other than these (csrf, tz) are read elsewhere; anything else a browser sends is ignored. */
const FormBookingSchema = z.object({
  start: instant('Pick one of the times.'),
  name: guestName,
  email: guestEmail,
});

function withoutAbsent(request: { start: string; name?: string | undefined; email?: string | undefined }): BookingRequest {
  return {
    start: request.start,
    ...(request.name !== undefined ? { name: request.name } : {}),
    ...(request.email !== undefined ? { email: request.email } : {}),
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

export function bookingFromForm(fields: Record<string, string>): BookingRequest {
  return withoutAbsent(parseForm(FormBookingSchema, fields));
}

const MoveSchema = z.object({ start: instant('Pick one of the other times.') });

export function moveFromForm(fields: Record<string, string>): string {
  return parseForm(MoveSchema, fields).start;
}
