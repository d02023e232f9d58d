import { html, type SafeHtml } from './html.js';
import { page } from './layout.js';

/**
 * The cloud's sign-in page: one button per configured provider. Signing in is the same OAuth
 * round trip as connecting a calendar (`?signin` marks it), so a first sign-in also connects
 * the account's calendar. The buttons are links, not forms: the page's CSP (form-action 'self')
 * would stop a form whose answer redirects to Google or Microsoft.
 */

export interface SignInOptions {
  google: boolean;
  microsoft: boolean;
  /** A fixed notice (never text from the request). */
  notice?: string;
  /** CSP nonce of the script that adds the browser's zone to the links. */
  scriptNonce: string;
}

/**
 * A new user's profile starts in the browser's zone: the script appends it to each link as
 * `tz`. Without JavaScript the links still work and the zone is UTC until changed in settings.
 */
export const SIGN_IN_ZONE_SCRIPT = `(function () {
  var zone = '';
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ''; } catch (e) { return; }
  if (!zone) return;
  document.querySelectorAll('a[data-sign-in]').forEach(function (link) {
    link.setAttribute('href', link.getAttribute('href') + '&tz=' + encodeURIComponent(zone));
  });
})();`;

function providerLink(path: string, label: string): SafeHtml {
  return html`<p><a class="button" data-sign-in href="${path}?signin">${label}</a></p>`;
}

export function renderSignIn(options: SignInOptions): SafeHtml {
  const links = [
    options.google ? providerLink('/oauth/google/start', 'Sign in with Google') : '',
    options.microsoft ? providerLink('/oauth/microsoft/start', 'Sign in with Microsoft') : '',
  ];
  const none = !options.google && !options.microsoft;
  const body = html`<h1>Sign in to Rapport</h1>
${options.notice ? html`<p class="card" role="status">${options.notice}</p>` : ''}
<p>Sign in with the account whose calendar Rapport should read. The first time, this also connects that calendar; you can connect more from the dashboard.</p>
${none ? html`<p class="error" role="alert">No sign-in provider is configured on this Rapport (set the RAPPORT_GOOGLE_* or RAPPORT_MICROSOFT_* variables).</p>` : links}`;
  return page({ title: 'Sign in', body, guest: true, script: { nonce: options.scriptNonce, source: SIGN_IN_ZONE_SCRIPT } });
}
