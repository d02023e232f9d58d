import { randomBytes } from 'node:crypto';
import { renderConsentPage } from './consent-page.js';
import type { AuthorizeRequest, IdentityPlatform } from './identity.js';
import type { Reply } from './wire.js';

/**
 * The browser's part of signing in: GET /{tenant}/oauth2/v2.0/authorize and, with the page,
 * POST /{tenant}/oauth2/v2.0/consent.
 *
 * Without the page (the tests), /authorize answers at once with the code, as Microsoft does for
 * a user who is signed in and consented before. With it (the local run), /authorize shows who
 * signs in and what the app asks for, keeps the checked request under a random id, and the
 * form's Allow or Cancel sends the browser back to the redirect URI with a code or with
 * `access_denied` (and the state either way, as the callback expects).
 */

export interface SignIn {
  authorize(params: URLSearchParams): Reply;
  consent(form: URLSearchParams): Reply;
}

/** How long the page's answer is accepted: the app's own sign-in state lasts 10 minutes too. */
const ANSWER_WITHIN_MS = 10 * 60_000;

const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  // The query string holds the state and the PKCE challenge: no Referer carries them on.
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  // No form-action: browsers apply it to the redirect after the form too, and that goes to the
  // app's callback, wherever it lives. The page runs no script and loads nothing.
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'",
};

const plain = (status: number, text: string): Reply => ({ status, text, headers: { 'content-type': 'text/plain; charset=utf-8' } });
const backTo = (location: string): Reply => ({ status: 303, text: '', headers: { location } });

export function createSignIn(identity: IdentityPlatform, options: { clientId: string; page: boolean }): SignIn {
  const waiting = new Map<string, { request: AuthorizeRequest; expiresAt: number }>();

  return {
    authorize(params) {
      const request = identity.authorizeRequest(params);
      if (!request) return plain(400, 'AADSTS900144: bad authorize request');
      if (!options.page) return { status: 302, text: '', headers: { location: identity.answer(request, 'allow') } };
      for (const [id, entry] of waiting) if (entry.expiresAt < Date.now()) waiting.delete(id);
      const requestId = randomBytes(18).toString('base64url');
      waiting.set(requestId, { request, expiresAt: Date.now() + ANSWER_WITHIN_MS });
      const page = renderConsentPage({
        requestId,
        account: request.mailbox.email,
        accountName: request.mailbox.name,
        clientId: options.clientId,
        scopes: request.scope.split(' ').filter(Boolean),
      });
      return { status: 200, text: page, headers: PAGE_HEADERS };
    },

    consent(form) {
      const id = form.get('request') ?? '';
      const entry = waiting.get(id);
      // One answer per request: a second submit (back button, double click) starts nothing.
      waiting.delete(id);
      if (!entry || entry.expiresAt < Date.now()) return plain(400, 'This sign-in request is unknown, expired or already answered. Start connecting Outlook again from Rapport.');
      return backTo(identity.answer(entry.request, form.get('decision') === 'allow' ? 'allow' : 'deny'));
    },
  };
}
