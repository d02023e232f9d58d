import { HttpError } from '../http/errors.js';
import { AvailabilityUnknown } from '../../services/availability.js';
import { BookingError } from '../../services/booking.js';
import { ManageError } from '../../services/manage-booking.js';

/**
 * The one place where the booking services' typed failures become HTTP statuses. Their
 * messages are written for guests and pass through unchanged.
 *
 * 404: the link never existed (or its signature is wrong); 410: it existed and can no longer
 * be used (expired, used, cancelled, the coffee has started); 409: the time was free when the
 * page was shown and is not any more; 400: the request names a time that was never offered or
 * has passed; 503: a calendar could not be read or written, so nothing was booked on a guess.
 */
const BOOKING_STATUS: Record<BookingError['kind'], number> = {
  'unknown-link': 404,
  'link-expired': 410,
  'link-used': 410,
  'slot-not-offered': 400,
  'slot-in-past': 400,
  'slot-taken': 409,
  'calendar-failed': 503,
};

const MANAGE_STATUS: Record<ManageError['kind'], number> = {
  'invalid-link': 404,
  'link-expired': 410,
  'already-cancelled': 410,
  'slot-not-offered': 400,
  'slot-taken': 409,
};

/** The services' own messages can name calendars and their errors: not for guests. */
const CALENDAR_UNREADABLE = 'We could not check the calendar just now, so nothing was booked or changed. Please try again in a few minutes.';

/** Returns the HttpError for a known booking failure; anything else is returned as is (a 500 at the edge). */
export function asHttpError(error: unknown): unknown {
  if (error instanceof BookingError) return new HttpError(BOOKING_STATUS[error.kind], error.message, { cause: error });
  if (error instanceof ManageError) return new HttpError(MANAGE_STATUS[error.kind], error.message, { cause: error });
  if (error instanceof AvailabilityUnknown) return new HttpError(503, CALENDAR_UNREADABLE, { cause: error });
  return error;
}

/** Failures a guest fixes by picking again on the same page (the form is shown again with the message). */
export function isRetryableChoice(error: unknown): error is HttpError {
  return error instanceof HttpError && (error.status === 400 || error.status === 409);
}
