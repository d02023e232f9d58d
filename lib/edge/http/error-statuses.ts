import { AvailabilityUnknown, BookingError, ManageError, MeetingNotPossible } from '../../services/booking-errors.js';
import { AccountTaken, CalendarUploadUnavailable, GoogleConnectFailed, IcsCalendarRefused, MicrosoftConnectFailed, SignInRefused } from '../../services/connect-errors.js';
import { PushQueueUnavailable } from '../../services/push-errors.js';
import { CalendarAccountNotFound, ContactNotFound, NotACalendarOfAccount, NotAMeetingWithContact, NoteNotFound, UserNotFound } from '../../services/user-data-errors.js';
import { InvalidUnsubscribeLink, LinkMailRefused } from '../../services/mail-errors.js';
import { HttpError } from './errors.js';

/**
 * The one place where the services' typed failures become HTTP statuses, for every route of
 * every function. It imports only the services' error modules (no service itself), because
 * every HTTP function loads it at cold start. A rule without a message passes the service's own message through (those
 * are written for the person who sent the request); a rule with one replaces it, because the
 * service's message is for the log.
 *
 * Booking links: 404 the link never existed (or its signature is wrong); 410 it existed and can
 * no longer be used (expired, used, cancelled, the coffee has started); 409 the time was free
 * when the page was shown and is not any more; 400 the request names a time that was never
 * offered or has passed; 503 a calendar could not be read or written, so nothing was booked on
 * a guess.
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
  'changed-meanwhile': 409,
  'slot-not-offered': 400,
  'slot-taken': 409,
};

/** The services' own messages can name calendars and their errors: not for guests. */
const CALENDAR_UNREADABLE = 'We could not check the calendar just now, so nothing was booked or changed. Please try again in a few minutes.';

interface Rule<E extends Error> {
  type: abstract new (...args: never[]) => E;
  status(error: E): number;
  message?: string;
}

const rule = <E extends Error>(type: Rule<E>['type'], status: number | ((error: E) => number), message?: string): Rule<E> => ({
  type,
  status: typeof status === 'number' ? () => status : status,
  message,
});

const RULES: readonly Rule<Error>[] = [
  rule(BookingError, (error) => BOOKING_STATUS[error.kind]),
  rule(ManageError, (error) => MANAGE_STATUS[error.kind]),
  rule(AvailabilityUnknown, 503, CALENDAR_UNREADABLE),
  rule(MeetingNotPossible, 400),
  rule(UserNotFound, 404, 'Rapport is not set up for this user yet.'),
  rule(ContactNotFound, 404),
  rule(NotAMeetingWithContact, 400),
  rule(NoteNotFound, 404),
  rule(CalendarAccountNotFound, 404, 'There is no such calendar account.'),
  rule(NotACalendarOfAccount, 400, 'That calendar is not one of this account.'),
  rule(GoogleConnectFailed, 400),
  rule(SignInRefused, 400),
  rule(AccountTaken, 409),
  rule(IcsCalendarRefused, 400),
  rule(CalendarUploadUnavailable, 400),
  rule(MicrosoftConnectFailed, 502),
  rule(PushQueueUnavailable, 503, 'Try again later.'),
  rule(InvalidUnsubscribeLink, 400),
  rule(LinkMailRefused, (error) => (error.kind === 'unknown-proposal' ? 404 : error.kind === 'not-open' ? 409 : 400)),
];

/** The HttpError the request is answered with; undefined for a failure nobody expected (a 500). */
export function httpErrorOf(error: unknown): HttpError | undefined {
  if (error instanceof HttpError) return error;
  const match = RULES.find((r) => error instanceof r.type);
  if (!match) return undefined;
  const known = error as Error;
  return new HttpError(match.status(known), match.message ?? known.message, { cause: known });
}

/** Failures a guest fixes by picking again on the same page (the form is shown again with the message). */
export function isRetryableChoice(error: HttpError | undefined): error is HttpError {
  return error !== undefined && (error.status === 400 || error.status === 409);
}
