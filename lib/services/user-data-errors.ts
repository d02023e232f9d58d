/**
 * A request named something of the user's that is not there. Kept apart from the services
 * that throw them so the edge's error table can name them without loading those services.
 */

/** Nobody has set Rapport up for this user (no settings stored). */
export class UserNotFound extends Error {
  override name = 'UserNotFound';
}

export class ContactNotFound extends Error {
  override name = 'ContactNotFound';
}

export class NoteNotFound extends Error {
  override name = 'NoteNotFound';
}

/** The note names a meeting that is not one of the user's with this contact (in the last year). */
export class NotAMeetingWithContact extends Error {
  override name = 'NotAMeetingWithContact';
}

/** The user has no such calendar account (or it lists no calendars). */
export class CalendarAccountNotFound extends Error {
  override name = 'CalendarAccountNotFound';
}

/** A ticked calendar the account does not list: nothing is changed. */
export class NotACalendarOfAccount extends Error {
  override name = 'NotACalendarOfAccount';
}
