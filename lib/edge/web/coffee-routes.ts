import { formFields, jsonBody } from '../http/request.js';
import { htmlResponse, jsonResponse, redirect, type HttpResponse } from '../http/response.js';
import { bookingDepsOf } from '../../services/deps.js';
import { requireCsrf, settingsOf, type AppRoute, type RouteContext } from './route.js';

/** Coffee proposals from the dashboard ("Propose now"), and the weekly review. */

async function postPropose(ctx: RouteContext): Promise<HttpResponse> {
  requireCsrf(ctx, formFields(ctx.event));
  const { proposeForUser } = await import('../../services/propose.js');
  await proposeForUser(bookingDepsOf(ctx.runtime), ctx.userId, ctx.now);
  return redirect('/app?proposed#proposals');
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
  { method: 'GET', path: /^\/app\/review$/, run: showReview },
  { method: 'POST', path: /^\/api\/propose$/, run: apiPropose },
  { method: 'GET', path: /^\/api\/review$/, run: apiReview },
];
