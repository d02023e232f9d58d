import { formFields, jsonBody } from '../http/request.js';
import { htmlResponse, jsonResponse, redirect, type HttpResponse } from '../http/response.js';
import { bookingDepsOf, mailDepsOf } from '../../services/deps.js';
import { badRequest } from '../http/errors.js';
import { requireCsrf, settingsOf, type AppRoute, type RouteContext } from './route.js';

/** Coffee proposals from the dashboard ("Propose now"), and the weekly review. */

/** The routes' own code loads with their first request, as one module (app-pages.ts says why). */
const loadPages = () => import('./app-pages.js');

async function postPropose(ctx: RouteContext): Promise<HttpResponse> {
  requireCsrf(ctx, formFields(ctx.event));
  const { proposeForUser, mailProposedLinks, newProposalIds } = await loadPages();
  const report = await proposeForUser(bookingDepsOf(ctx.runtime), ctx.userId, ctx.now);
  await mailProposedLinks(mailDepsOf(ctx.runtime), ctx.userId, newProposalIds(report), ctx.now);
  return redirect('/app?proposed#proposals');
}

/** "Send link": the contact gets the user's message with the times and the link; the dashboard then says what became of it. */
async function postSendLink(ctx: RouteContext): Promise<HttpResponse> {
  const fields = formFields(ctx.event);
  requireCsrf(ctx, fields);
  const message = fields.message ?? '';
  // The link email's rules and service load with the button, not with the dashboard function.
  const { MAX_LINK_MESSAGE_LENGTH, sendBookingLink } = await loadPages();
  if (message.length > MAX_LINK_MESSAGE_LENGTH) throw badRequest(`The message is ${message.length.toLocaleString('en')} characters long; please keep it under ${MAX_LINK_MESSAGE_LENGTH.toLocaleString('en')}.`);
  const { outcome } = await sendBookingLink(mailDepsOf(ctx.runtime), ctx.userId, ctx.params[0] ?? '', { message, resend: fields.resend === '1' }, ctx.now);
  return redirect(`/app?link-${outcome}#proposals`);
}

async function apiPropose(ctx: RouteContext): Promise<HttpResponse> {
  jsonBody(ctx.event);
  // The proposer (slot finding, calendar writers) loads with the request that proposes.
  const { proposeForUser } = await loadPages();
  const report = await proposeForUser(bookingDepsOf(ctx.runtime), ctx.userId, ctx.now);
  return jsonResponse(200, report);
}

async function showReview(ctx: RouteContext): Promise<HttpResponse> {
  const { weeklyReview, renderReview } = await loadPages();
  const review = await weeklyReview(ctx.store, ctx.userId, await settingsOf(ctx), ctx.now);
  return htmlResponse(200, renderReview(review));
}

async function apiReview(ctx: RouteContext): Promise<HttpResponse> {
  const { reviewJson, weeklyReview } = await loadPages();
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
