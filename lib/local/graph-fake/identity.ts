import { createHash, randomBytes } from 'node:crypto';
import type { Mailbox, Mailboxes } from './mailboxes.js';
import { base64url, jsonReply, oauthError, type Reply } from './wire.js';

/**
 * The Microsoft identity platform's v2.0 protocol as MSAL meets it: the authorize request
 * (client, redirect URI, PKCE S256 challenge, state), the code it issues, and the token
 * endpoint with the `authorization_code` grant (the code is single use, bound to its redirect
 * URI, and redeemed only with the verifier of its challenge) and the `refresh_token` grant.
 * Tokens are opaque; the id token is unsigned, which MSAL accepts from the token endpoint it
 * called itself over TLS (it does not validate id token signatures).
 */

/** The tenant id personal and work accounts of the fake belong to. */
export const TENANT_ID = '9188040d-6c67-4c5b-b112-36a304b66dad';

export interface ClientRegistration {
  clientId: string;
  clientSecret: string;
}

/** An authorize request that passed the checks, waiting for the user's answer. */
export interface AuthorizeRequest {
  mailbox: Mailbox;
  redirectUri: string;
  challenge: string;
  state: string | null;
  scope: string;
}

export interface IdentityPlatform {
  /** Who the authorize endpoint signs in when the request has no `login_hint`. */
  signInAs(email: string): void;
  /** The request, or null when it must be refused (unknown client, no redirect URI, no S256 challenge, nobody to sign in). */
  authorizeRequest(params: URLSearchParams): AuthorizeRequest | null;
  /** Where the browser goes back to: with a code and the state (allowed), or with `access_denied`. */
  answer(request: AuthorizeRequest, decision: 'allow' | 'deny'): string;
  /** POST /{tenant}/oauth2/v2.0/token with the form body. */
  token(form: URLSearchParams): Reply;
  /** The mailbox a valid access token belongs to. */
  mailboxOf(accessToken: string): string | undefined;
  /** Lifetime of access tokens issued from now on (MSAL refreshes 5 minutes before expiry). */
  setTokenLifetime(seconds: number): void;
  /** The next refresh of any of the mailbox's grants answers invalid_grant, and its access tokens stop working. */
  revokeGrants(email: string): void;
}

export function createIdentityPlatform(client: ClientRegistration, mailboxes: Mailboxes, base: () => string): IdentityPlatform {
  const accessTokens = new Map<string, { mailbox: string; expiresAt: number }>();
  const refreshTokens = new Map<string, string>();
  const codes = new Map<string, { mailbox: string; challenge: string; redirectUri: string; scope: string }>();
  let signInEmail: string | undefined;
  let tokenLifetime = 3600;

  const clientInfo = (box: Mailbox) => base64url({ uid: box.id, utid: TENANT_ID });

  function redeem(form: URLSearchParams): { mailbox: string } | Reply {
    const code = codes.get(form.get('code') ?? '');
    // Single use: a replayed code is refused like an unknown one.
    codes.delete(form.get('code') ?? '');
    if (!code || code.redirectUri !== form.get('redirect_uri')) return jsonReply(400, oauthError('invalid_grant', 'AADSTS70000: The provided authorization code is invalid or expired.'));
    const verifier = form.get('code_verifier') ?? '';
    if (createHash('sha256').update(verifier).digest('base64url') !== code.challenge) {
      return jsonReply(400, oauthError('invalid_grant', 'AADSTS501481: The Code_Verifier does not match the code_challenge supplied in the authorization request.'));
    }
    return { mailbox: code.mailbox };
  }

  function issueTokens(box: Mailbox, form: URLSearchParams): Reply {
    const accessToken = `at-${randomBytes(24).toString('hex')}`;
    const refreshToken = `rt-${randomBytes(24).toString('hex')}`;
    accessTokens.set(accessToken, { mailbox: box.email, expiresAt: Date.now() + tokenLifetime * 1000 });
    refreshTokens.set(refreshToken, box.email);
    const now = Math.floor(Date.now() / 1000);
    const idToken = [
      base64url({ typ: 'JWT', alg: 'none' }),
      base64url({
        aud: client.clientId,
        iss: `${base()}/${TENANT_ID}/v2.0`,
        iat: now,
        nbf: now,
        exp: now + 3600,
        name: box.name,
        oid: box.id,
        preferred_username: box.email,
        sub: box.id,
        tid: TENANT_ID,
        ver: '2.0',
      }),
      '',
    ].join('.');
    return jsonReply(200, {
      token_type: 'Bearer',
      // Granted scopes, as the identity platform lists them (offline_access is implied by the refresh token).
      scope: (form.get('scope') ?? 'Calendars.ReadWrite User.Read openid profile')
        .split(' ')
        .filter((s) => s && s !== 'offline_access')
        .join(' '),
      expires_in: tokenLifetime,
      ext_expires_in: tokenLifetime,
      access_token: accessToken,
      refresh_token: refreshToken,
      id_token: idToken,
      client_info: clientInfo(box),
    });
  }

  return {
    signInAs(email) {
      mailboxes.add(email);
      signInEmail = email.toLowerCase();
    },

    authorizeRequest(params) {
      const redirectUri = params.get('redirect_uri');
      const challenge = params.get('code_challenge');
      const email = params.get('login_hint')?.toLowerCase() ?? signInEmail;
      if (params.get('client_id') !== client.clientId || !redirectUri || !challenge || params.get('code_challenge_method') !== 'S256' || !email) return null;
      return { mailbox: mailboxes.get(email), redirectUri, challenge, state: params.get('state'), scope: params.get('scope') ?? '' };
    },

    answer(request, decision) {
      const target = new URL(request.redirectUri);
      if (decision === 'allow') {
        const code = `code-${randomBytes(16).toString('hex')}`;
        codes.set(code, { mailbox: request.mailbox.email, challenge: request.challenge, redirectUri: request.redirectUri, scope: request.scope });
        target.searchParams.set('code', code);
      } else {
        target.searchParams.set('error', 'access_denied');
        target.searchParams.set('error_description', 'AADSTS65004: User declined to consent to access the app.');
      }
      if (request.state) target.searchParams.set('state', request.state);
      if (decision === 'allow') target.searchParams.set('client_info', clientInfo(request.mailbox));
      return target.toString();
    },

    token(form) {
      if (form.get('client_id') !== client.clientId || form.get('client_secret') !== client.clientSecret) {
        return jsonReply(401, oauthError('invalid_client', 'AADSTS7000215: Invalid client secret provided.'));
      }
      const grant = form.get('grant_type');
      let email: string | undefined;
      if (grant === 'authorization_code') {
        const redeemed = redeem(form);
        if ('status' in redeemed) return redeemed;
        email = redeemed.mailbox;
      } else if (grant === 'refresh_token') {
        email = refreshTokens.get(form.get('refresh_token') ?? '');
        if (!email) return jsonReply(400, oauthError('invalid_grant', 'AADSTS700082: The refresh token has expired due to inactivity.'));
      } else {
        return jsonReply(400, oauthError('unsupported_grant_type', `AADSTS70003: grant ${grant}`));
      }
      return issueTokens(mailboxes.get(email), form);
    },

    mailboxOf(accessToken) {
      const session = accessTokens.get(accessToken);
      return session && session.expiresAt >= Date.now() ? session.mailbox : undefined;
    },

    setTokenLifetime(seconds) {
      tokenLifetime = seconds;
    },

    revokeGrants(email) {
      const lower = email.toLowerCase();
      for (const [token, owner] of refreshTokens) if (owner === lower) refreshTokens.delete(token);
      for (const [token, session] of accessTokens) if (session.mailbox === lower) accessTokens.delete(token);
    },
  };
}
