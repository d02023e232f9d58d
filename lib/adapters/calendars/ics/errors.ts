import { CalendarUnavailable } from '../../../core/ports/calendar.js';

/**
 * Ways an ICS feed can be unavailable that a caller may treat differently from a network
 * failure: both are CalendarUnavailable, so code that only cares about "could not read" works.
 */

/** The feed's server answered with an error status (404 gone, 401 secret address reset, 429…). */
export class FeedRequestFailed extends CalendarUnavailable {
  override name = 'FeedRequestFailed';
  constructor(
    message: string,
    readonly status: number,
    /** From `Retry-After` on 429/503: how long the server asked us to wait. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

/** The feed is larger than the limit we read (a feed of many years can be huge). */
export class FeedTooLarge extends CalendarUnavailable {
  override name = 'FeedTooLarge';
  constructor(
    where: string,
    readonly maxBytes: number,
  ) {
    super(`${where} is larger than the ${formatBytes(maxBytes)} limit for a calendar feed`);
  }
}

function formatBytes(bytes: number): string {
  const megabytes = bytes / (1024 * 1024);
  return megabytes >= 1 ? `${Number(megabytes.toFixed(1))} MB` : `${bytes} bytes`;
}
