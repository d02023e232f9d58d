import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderConsentPage } from '../../../lib/local/graph-fake/consent-page.js';
import { startGraphServer, type GraphServer } from '../../../lib/local/graph-fake/server.js';
import { testCertificate } from '../../support/test-tls.js';

/**
 * The local run's sign-in page on the Graph fake, over HTTP as a browser meets it: the page on
 * the loopback http origin the discovery document names, Allow and Cancel, and the code it
 * issues redeemed at the https token endpoint only with the verifier of the request's challenge.
 */

const CLIENT = { clientId: '0c3f5b1e-1111-4000-8000-00000000feed', clientSecret: `secret-${randomBytes(8).toString('hex')}` };
const REDIRECT = 'http://localhost:3000/oauth/microsoft/callback';
const ACCOUNT = 'alex@northwind.example';
let server: GraphServer;

beforeAll(async () => {
  server = await startGraphServer({ ...CLIENT, tls: testCertificate(), consentPage: true });
  server.addMailbox(ACCOUNT, 'Alex Morgan');
  server.signInAs(ACCOUNT);
});
afterAll(async () => {
  await server?.close();
});

function pkce() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** GET authorize as the browser would, from the URL MSAL builds with the discovered endpoint. */
async function openSignInPage(challenge: string, state = 'state-123') {
  const discovery = (await (await fetch(`${server.url}/common/v2.0/.well-known/openid-configuration`)).json()) as { authorization_endpoint: string };
  const url = new URL(discovery.authorization_endpoint);
  for (const [name, value] of Object.entries({ client_id: CLIENT.clientId, redirect_uri: REDIRECT, response_type: 'code', scope: 'Calendars.ReadWrite User.Read offline_access', state, code_challenge: challenge, code_challenge_method: 'S256' })) {
    url.searchParams.set(name, value);
  }
  const page = await fetch(url);
  const html = await page.text();
  return { url, page, html, requestId: /name="request" value="([^"]+)"/.exec(html)?.[1] ?? '' };
}

async function answer(requestId: string, decision: 'allow' | 'deny'): Promise<Response> {
  return fetch(`${server.signInUrl}/common/oauth2/v2.0/consent`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ request: requestId, decision }).toString(),
  });
}

function redeem(code: string, verifier: string): Promise<Response> {
  return fetch(`${server.url}/common/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...{ client_id: CLIENT.clientId, client_secret: CLIENT.clientSecret }, grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier }).toString(),
  });
}

describe('the Graph fake’s sign-in page', () => {
  it('is served over plain http on loopback, names the account, and asks before issuing a code', async () => {
    const { url, page, html } = await openSignInPage(pkce().challenge);
    expect(url.origin).toBe(server.signInUrl);
    expect(url.protocol).toBe('http:');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(html).toContain('Signed in as <strong>Alex Morgan</strong> (alex@northwind.example)');
    expect(html).toContain('Have full access to your calendars');
    expect(server.requests.some((r) => r.grantType === 'authorization_code')).toBe(false);
  });

  it('Allow sends the browser back with the state and a code that only the challenge’s verifier redeems, once', async () => {
    const first = pkce();
    const { requestId } = await openSignInPage(first.challenge, 'state-allow');
    const back = await answer(requestId, 'allow');
    expect(back.status).toBe(303);
    const location = new URL(back.headers.get('location')!);
    expect(location.origin + location.pathname).toBe(REDIRECT);
    expect(location.searchParams.get('state')).toBe('state-allow');
    const code = location.searchParams.get('code')!;

    const wrong = await redeem(code, pkce().verifier);
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as { error: string }).error).toBe('invalid_grant');

    // A refused attempt spends the code too, as the identity platform does: sign in again.
    const second = pkce();
    const again = await answer((await openSignInPage(second.challenge)).requestId, 'allow');
    const secondCode = new URL(again.headers.get('location')!).searchParams.get('code')!;
    const tokens = await redeem(secondCode, second.verifier);
    expect(tokens.status).toBe(200);
    expect(await tokens.json()).toMatchObject({ token_type: 'Bearer', access_token: expect.any(String), refresh_token: expect.any(String) });
    expect((await redeem(secondCode, second.verifier)).status).toBe(400);
  });

  it('Cancel sends the browser back with access_denied and the state, and no code', async () => {
    const { requestId } = await openSignInPage(pkce().challenge, 'state-cancel');
    const back = await answer(requestId, 'deny');
    const location = new URL(back.headers.get('location')!);
    expect(location.searchParams.get('error')).toBe('access_denied');
    expect(location.searchParams.get('state')).toBe('state-cancel');
    expect(location.searchParams.has('code')).toBe(false);
  });

  it('answers each request once: a second submit of the same page starts nothing', async () => {
    const { requestId } = await openSignInPage(pkce().challenge);
    expect((await answer(requestId, 'allow')).status).toBe(303);
    const replay = await answer(requestId, 'allow');
    expect(replay.status).toBe(400);
    expect(replay.headers.get('location')).toBeNull();
    expect((await answer('made-up', 'allow')).status).toBe(400);
  });

  it('refuses an authorize request without a PKCE challenge', async () => {
    const { page } = await openSignInPage('');
    expect(page.status).toBe(400);
  });

  it('the http origin serves the sign-in page only, never Graph or the token endpoint', async () => {
    expect((await fetch(`${server.signInUrl}/v1.0/me`)).status).toBe(404);
    expect((await fetch(`${server.signInUrl}/common/oauth2/v2.0/token`, { method: 'POST', body: '' })).status).toBe(404);
  });
});

describe('the consent page', () => {
  it('shows text from the request as text', () => {
    const page = renderConsentPage({
      requestId: '"><script>alert(1)</script>',
      account: 'x@example.com"><img src=x onerror=alert(1)>',
      accountName: '<b>Mallory</b>',
      clientId: '<iframe>',
      scopes: ['<script>alert(2)</script>', 'User.Read'],
    });
    expect(page).not.toMatch(/<script>|<img|<iframe|<b>Mallory/);
    expect(page).toContain('&lt;script&gt;alert(2)&lt;/script&gt;');
    expect(page).toContain('value="&quot;&gt;&lt;script&gt;');
    expect(page).toContain('Sign you in and read your profile');
  });
});
