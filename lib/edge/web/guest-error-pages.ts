import type { ErrorPages } from '../http/middleware.js';
import { guestErrorPage } from './guest-page.js';

/** How failures look to guests of the booking pages; the statuses come from the one table (http/error-statuses.ts). */

/** Pages without the dashboard's links, and logs without the link's token. */
export const GUEST_ERROR_PAGES: ErrorPages = {
  render: guestErrorPage,
  unexpected: 'Something went wrong on our side. Please reload the page to see whether your change went through, and try again if not.',
  loggedPath: (path) => path.replace(/^\/book\/(manage\/)?[^/]+/, '/book/$1{token}').replace(/^\/u\/[^/]+/, '/u/{token}'),
};
