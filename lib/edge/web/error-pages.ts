import type { ErrorPages } from '../http/middleware.js';
import { errorPage } from './layout.js';

/**
 * How failures look to the signed-in user; the guests' pages are in guest-error-pages.ts, apart,
 * because they bring the guest pages' time formatting to every function that imports them.
 * The statuses come from the one table (http/error-statuses.ts).
 */

/** The signed-in user (dashboard, API, OAuth, feed, webhooks): pages with the dashboard's links. */
export const DASHBOARD_ERROR_PAGES: ErrorPages = {
  render: errorPage,
  unexpected: 'Something went wrong on our side; nothing was changed. Please try again.',
};
