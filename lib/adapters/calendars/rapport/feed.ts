import type { Store } from '../../../core/ports/store.js';
import { serializeCalendar } from '../ics/write.js';
import { feedTokenFor, verifyFeedToken } from './feed-token.js';

/**
 * The suggestions feed (`/ics/{feedToken}/suggestions.ics`): Rapport's own calendar as a
 * subscribable iCalendar feed, so users whose calendars are read-only see holds and booked
 * coffees in their calendar app. It is the user's private calendar, so holds keep their notes.
 */

export const FEED_NAME = 'Rapport suggestions';

/** The feed's text, or null when the token is unknown, forged or revoked (the caller answers 404). */
export async function suggestionsFeed(deps: { store: Pick<Store, 'profiles' | 'localCalendar'>; key: Buffer }, token: string): Promise<string | null> {
  const claims = verifyFeedToken(deps.key, token);
  if (!claims) return null;
  const settings = await deps.store.profiles.get(claims.userId);
  if (!settings || claims.generation !== (settings.feedGeneration ?? 0)) return null;
  const events = (await deps.store.localCalendar.list(claims.userId))
    .filter((event) => event.status !== 'cancelled')
    .sort((a, b) => a.start.localeCompare(b.start) || a.id.localeCompare(b.id));
  return serializeCalendar({ method: 'PUBLISH', name: FEED_NAME, events });
}

const FEED_PATH = /^\/ics\/([^/]+)\/suggestions\.ics$/;

/** The address a user subscribes to in their calendar app (shown on the dashboard). */
export function suggestionsFeedUrl(baseUrl: string, key: Buffer, userId: string, settings: { feedGeneration?: number }): string {
  return `${baseUrl}/ics/${feedTokenFor(key, userId, settings.feedGeneration ?? 0)}/suggestions.ics`;
}

/** The token in a feed path, or null when the path is not a feed's. */
export function feedTokenInPath(path: string): string | null {
  return FEED_PATH.exec(path)?.[1] ?? null;
}
