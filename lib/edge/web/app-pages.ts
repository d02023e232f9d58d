/**
 * What the dashboard function's routes load with their first request rather than at cold
 * start: the pages, the services behind them and signing in, as ONE module. esbuild gives the
 * code a cold start shares with each lazily loaded module a chunk of its own per combination of
 * modules, so twenty separate lazy imports had the cold start read some thirty small files.
 * One module here (and one for the input schemas, app-forms.ts) keeps it to a handful. The
 * input schemas stay apart: zod is most of their weight and only changes need it.
 */
export { MAX_LINK_MESSAGE_LENGTH } from '../../core/domain/mail/link-mail.js';
export { connectIcsCalendar } from '../../services/connect-ics.js';
export { changeContact, dueContacts, listContacts } from '../../services/contacts.js';
export { listMeetings, loadDashboard } from '../../services/dashboard.js';
export { linkMailViews, sendBookingLink } from '../../services/link-mail.js';
export { checkMeetingPossible } from '../../services/meeting-support.js';
export { listOutbox, outboxMessage } from '../../services/outbox.js';
export { proposeForUser } from '../../services/propose.js';
export { mailProposedLinks, newProposalIds } from '../../services/proposal-links.js';
export { reviewJson, weeklyReview } from '../../services/review.js';
export { syncUser } from '../../services/sync.js';
export { multipartForm } from '../http/multipart.js';
export { contactFilterFromQuery } from './contact-filter-input.js';
export { renderDashboard } from './dashboard.js';
export { toContactJson, toMeetingJson } from './json-views.js';
export { renderOutbox } from './outbox-page.js';
export { renderReview } from './review-page.js';
export { renderSettings } from './settings-page.js';
export { signInRoutes } from './sign-in-routes.js';
