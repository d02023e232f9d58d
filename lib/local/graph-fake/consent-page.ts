import { html, trustedConstant } from '../../edge/web/html.js';

/**
 * The fake's sign-in page for the local run: who is signing in, which app, what it asks for,
 * and Allow / Cancel. Every value on it comes from the authorize request's query string (or
 * the mailbox it names), so every value goes through the escaping `html` tag.
 */

export interface ConsentView {
  /** Opaque id of the waiting authorize request; the form posts it back. */
  requestId: string;
  account: string;
  accountName: string;
  clientId: string;
  scopes: string[];
}

/** What a person is agreeing to, in the words of Microsoft's own consent screen. */
const SCOPE_WORDS: Record<string, string> = {
  'Calendars.ReadWrite': 'Have full access to your calendars',
  'User.Read': 'Sign you in and read your profile',
  offline_access: 'Maintain access to data you have given it access to',
  openid: 'Sign you in',
  profile: 'View your basic profile',
};

const STYLE = trustedConstant(`body{font-family:system-ui,sans-serif;background:#f2f2f2;margin:0;padding:2rem 1rem;color:#1b1b1b}
main{max-width:26rem;margin:0 auto;background:#fff;padding:2rem;box-shadow:0 2px 6px rgba(0,0,0,.2)}
.brand{font-weight:600;color:#5e5e5e;margin:0 0 1rem}h1{font-size:1.4rem;margin:0 0 1rem}
.account{margin:0 0 1rem}ul{padding-left:1.2rem}.actions{display:flex;gap:.5rem;justify-content:flex-end;margin-top:1.5rem}
button{font:inherit;padding:.45rem 1.6rem;border:1px solid #8a8a8a;background:#fff;cursor:pointer}
button[value=allow]{background:#0067b8;border-color:#0067b8;color:#fff}.note{font-size:.85rem;color:#5e5e5e;margin-top:1.5rem}`);

export function renderConsentPage(view: ConsentView): string {
  const scopes = [...new Set(view.scopes.map((scope) => SCOPE_WORDS[scope] ?? scope))];
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in to your account (local Microsoft)</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<p class="brand">Microsoft (local stand-in)</p>
<h1>Permissions requested</h1>
<p class="account">Signed in as <strong>${view.accountName}</strong> (${view.account})</p>
<p>The app <strong>Rapport</strong> (client ${view.clientId}) would like to:</p>
<ul>${scopes.map((words) => html`<li>${words}</li>`)}</ul>
<form method="post" action="consent">
<input type="hidden" name="request" value="${view.requestId}">
<div class="actions">
<button type="submit" name="decision" value="deny">Cancel</button>
<button type="submit" name="decision" value="allow">Allow</button>
</div>
</form>
<p class="note">This page is Rapport's local stand-in for Microsoft's sign-in (<code>RAPPORT_MICROSOFT_FAKE=1</code>): no Microsoft account is involved and nothing leaves this machine.</p>
</main>
</body>
</html>`.toString();
}
