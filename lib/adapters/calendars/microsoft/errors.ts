import { GraphError } from '@microsoft/microsoft-graph-client';
import { CalendarError, CalendarUnavailable, NeedsReconnect } from '../../../core/ports/calendar.js';

/**
 * Graph's failures read into the port's errors. Messages carry Graph's status and code, never a
 * token or a request URL.
 */

/** The event to move is not on the calendar (never created, or deleted). */
export class MicrosoftEventMissing extends CalendarError {
  override name = 'MicrosoftEventMissing';
}

/** Runs one Graph request; whatever it throws comes out as one of the port's errors. */
export async function callGraph<T>(request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    throw calendarErrorOf(error);
  }
}

/** Graph and token failures → the port's errors. */
export function calendarErrorOf(error: unknown): Error {
  if (error instanceof CalendarError) return error;
  if (error instanceof GraphError) {
    // The token source's own errors come back wrapped by the client, named by their class.
    if (error.code === 'NeedsReconnect') return new NeedsReconnect(error.message, { cause: error });
    if (error.code === 'CalendarUnavailable') return new CalendarUnavailable(error.message, { cause: error });
    return new CalendarUnavailable(`Outlook answered ${error.statusCode}${error.code ? ` ${error.code}` : ''}: ${error.message}`, { cause: error });
  }
  return new CalendarUnavailable(`Outlook could not be reached: ${(error as Error).message}`, { cause: error });
}

export function isGraphNotFound(error: unknown): boolean {
  return error instanceof GraphError && error.statusCode === 404;
}

/** The delta link is no longer usable (expired, or the sync state was reset by Exchange). */
export function isSyncStateLost(error: unknown): boolean {
  const graphError = error instanceof CalendarUnavailable ? error.cause : undefined;
  return graphError instanceof GraphError && (graphError.statusCode === 410 || graphError.code === 'syncStateNotFound' || graphError.code === 'resyncRequired');
}
