import type { ErrorPages } from '../http/middleware.js';
import { guestErrorPage } from './guest-page.js';
import { errorPage } from './layout.js';

/** How failures look to each audience; the statuses come from the one table (http/error-statuses.ts). */

/** The signed-in user (dashboard, API, OAuth, feed, webhooks): pages with the dashboard's links. */
export const DASHBOARD_ERROR_PAGES: ErrorPages = {
  render: errorPage,
  unexpected: 'Something went wrong on our side; nothing was changed. Please try again.',
};

/** Guests of the booking pages: pages without the dashboard's links, and logs without their link's token. */
export const GUEST_ERROR_PAGES: ErrorPages = {
  render: guestErrorPage,
  unexpected: 'Something went wrong on our side. Please reload the page to see whether your change went through, and try again if not.',
  loggedPath: (path) => path.replace(/^\/book\/(manage\/)?[^/]+/, '/book/$1{token}').replace(/^\/u\/[^/]+/, '/u/{token}'),
};
