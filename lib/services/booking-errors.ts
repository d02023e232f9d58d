/**
 * Why a guest's booking link could not do what was asked, and why free time could not be
 * known. Kept apart from the booking services so the edge's error table (and every HTTP
 * function's cold start with it) can name them without loading the services.
 */

/** A booking link cannot book this time; `kind` says why (the edge maps it to a status and a page). */
export class BookingError extends Error {
  override name = 'BookingError';
  constructor(
    readonly kind: 'unknown-link' | 'link-expired' | 'link-used' | 'slot-not-offered' | 'slot-in-past' | 'slot-taken' | 'calendar-failed',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A confirmation's manage link cannot cancel or move the coffee; `kind` says why. */
export class ManageError extends Error {
  override name = 'ManageError';
  constructor(
    readonly kind: 'invalid-link' | 'link-expired' | 'already-cancelled' | 'slot-not-offered' | 'slot-taken' | 'changed-meanwhile',
    message: string,
  ) {
    super(message);
  }
}

/** A calendar could not be read: free time cannot be known, so nothing is offered or booked on a guess. */
export class AvailabilityUnknown extends Error {
  override name = 'AvailabilityUnknown';
}

/** The settings ask for a meeting the calendar that coffees go to cannot make. */
export class MeetingNotPossible extends Error {
  override name = 'MeetingNotPossible';
}
