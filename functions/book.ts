import { httpFunction } from '../lib/edge/cloud/http-function.js';
import { bookingRoutes } from '../lib/edge/web/booking-routes.js';
import { GUEST_ERROR_PAGES } from '../lib/edge/web/guest-error-pages.js';
import { routeGuest } from '../lib/edge/web/guest-route.js';

/** The guest's booking and manage pages (`/book/...`): public, no sign-in, the link's token is the key. */
export const handler = httpFunction((event, runtime) => routeGuest(bookingRoutes, event, runtime), GUEST_ERROR_PAGES);
