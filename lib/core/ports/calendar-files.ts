/**
 * Where an uploaded .ics file is kept, so that every later sync reads it again like any other
 * calendar file. Local mode keeps them in the data folder; the cloud has no such place yet.
 */
export interface UploadedCalendars {
  /** Keeps the bytes for `userId` and answers the source a connection reads them from; the same bytes give the same source. */
  keep(userId: string, bytes: Uint8Array): Promise<string>;
  /** Forgets a kept file that turned out not to be a calendar (no connection points at it). */
  discard(source: string): Promise<void>;
}
