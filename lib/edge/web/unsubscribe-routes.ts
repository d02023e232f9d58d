import { htmlResponse, type HttpResponse } from '../http/response.js';
import { openUnsubscribeLink, unsubscribe } from '../../services/unsubscribe.js';
import type { GuestContext, GuestRoute } from './guest-route.js';
import { renderUnsubscribeConfirm, renderUnsubscribed } from './unsubscribe-page.js';

/**
 * `/u/{token}` (RFC 8058): GET shows a confirm button, because link scanners and previews
 * open links; POST (the mail client's one-click `List-Unsubscribe=One-Click`, or the button)
 * records the opt-out and answers 200. The POST carries no CSRF token by design: a mail client
 * has none, and the signed token in the path is the authority (it names one user and one
 * recipient, and nobody can make one without the server key).
 */

const tokenOf = (ctx: GuestContext) => ctx.params[0] ?? '';

async function senderOf(ctx: GuestContext, userId: string): Promise<string> {
  const settings = await ctx.deps.store.profiles.get(userId);
  return settings?.ownerEmails[0] ?? 'this sender';
}

async function confirmPage(ctx: GuestContext): Promise<HttpResponse> {
  const claims = openUnsubscribeLink(ctx.deps.signingKey, tokenOf(ctx));
  return htmlResponse(200, renderUnsubscribeConfirm(claims, await senderOf(ctx, claims.userId), `/u/${tokenOf(ctx)}`));
}

async function oneClick(ctx: GuestContext): Promise<HttpResponse> {
  const claims = await unsubscribe({ signingKey: ctx.deps.signingKey, suppressions: ctx.deps.store.suppressions }, tokenOf(ctx), ctx.now);
  return htmlResponse(200, renderUnsubscribed(claims, await senderOf(ctx, claims.userId)));
}

export const unsubscribeRoutes: GuestRoute[] = [
  { method: 'GET', path: /^\/u\/([A-Za-z0-9_.-]+)$/, run: confirmPage },
  { method: 'POST', path: /^\/u\/([A-Za-z0-9_.-]+)$/, run: oneClick },
];
