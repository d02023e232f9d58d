import { formFields, jsonBody } from '../http/request.js';
import { htmlResponse, jsonResponse, redirect, type HttpResponse } from '../http/response.js';
import { bookingDepsOf, mailDepsOf } from '../../services/deps.js';
import { badRequest } from '../http/errors.js';
import { requireCsrf, settingsOf, type AppRoute, type RouteContext } from './route.js';

/** Coffee proposals from the dashboard ("Propose now"), and the weekly review. */

async function postPropose(ctx: RouteContext): Promise<HttpResponse> {
  requireCsrf(ctx, formFields(ctx.event));
  const { proposeForUser } = await import('../../services/propose.js');
  const report = await proposeForUser(bookingDepsOf(ctx.runtime), ctx.userId, ctx.now);
  const { mailProposedLinks, newProposalIds } = await import('../../services/proposal-links.js');
  await mailProposedLinks(mailDepsOf(ctx.runtime), ctx.userId, newProposalIds(report), ctx.now);
  return redirect('/app?proposed#proposals');
}

/** "Send link": the contact gets the user's message with the times and the link; the dashboard then says what became of it. */
async function postSendLink(ctx: RouteContext): Promise<HttpResponse> {
  const fields = formFields(ctx.event);
  requireCsrf(ctx, fields);
  const message = fields.message ?? '';
  // The link email's rules and service load with the button, not with the dashboard function.
  const { MAX_LINK_MESSAGE_LENGTH } = await import('../../core/domain/mail/link-mail.js');
  if (message.length > MAX_LINK_MESSAGE_LENGTH) throw badRequest(`The message is ${message.length.toLocaleString('en')} characters long; please keep it under ${MAX_LINK_MESSAGE_LENGTH.toLocaleString('en')}.`);
  const { sendBookingLink } = await import('../../services/link-mail.js');
  const { outcome } = await sendBookingLink(mailDepsOf(ctx.runtime), ctx.userId, ctx.params[0] ?? '', { message, resend: fields.resend === '1' }, ctx.now);
  return redirect(`/app?link-${outcome}#proposals`);
}

async function apiPropose(ctx: RouteContext): Promise<HttpResponse> {
  jsonBody(ctx.event);
  // The proposer (slot finding, calendar writers) loads with the request that proposes.
  const { proposeForUser } = await import('../../services/propose.js');
  const report = await proposeForUser(bookingDepsOf(ctx.runtime), ctx.userId, ctx.now);
  return jsonResponse(200, report);
}

/** The review (and its page) loads with its routes, not with every dashboard function's cold start. */
const loadReview = () => import('../../services/review.js');

async function showReview(ctx: RouteContext): Promise<HttpResponse> {
  const [{ weeklyReview }, { renderReview }] = await Promise.all([loadReview(), import('./review-page.js')]);
  const review = await weeklyReview(ctx.store, ctx.userId, await settingsOf(ctx), ctx.now);
  return htmlResponse(200, renderReview(review));
}

async function apiReview(ctx: RouteContext): Promise<HttpResponse> {
  const { reviewJson, weeklyReview } = await loadReview();
  const review = await weeklyReview(ctx.store, ctx.userId, await settingsOf(ctx), ctx.now);
  return jsonResponse(200, reviewJson(review));
}

export const coffeeRoutes: AppRoute[] = [
  { method: 'POST', path: /^\/app\/propose$/, run: postPropose },
  { method: 'POST', path: /^\/app\/proposals\/([0-9a-v]{1,64})\/send-link$/, run: postSendLink },
  { method: 'GET', path: /^\/app\/review$/, run: showReview },
  { method: 'POST', path: /^\/api\/propose$/, run: apiPropose },
  { method: 'GET', path: /^\/api\/review$/, run: apiReview },
];
