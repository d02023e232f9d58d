import { createHash, randomBytes } from 'node:crypto';

/**
 * The OAuth side of the Google fake: the consent page (which consents at once and redirects
 * back with `code` and `state`), and the token endpoint with the `authorization_code` grant
 * (PKCE S256 verified) and the `refresh_token` grant. Errors use the OAuth 2 body
 * `{ error, error_description }` Google's token endpoint answers with.
 */

export interface OAuthClientRegistration {
  clientId: string;
  clientSecret: string;
}

interface IssuedCode {
  account: string;
  redirectUri: string;
  challenge?: string;
  scope: string;
}

export class OAuthError extends Error {
  override name = 'OAuthError';
  constructor(
    readonly status: number,
    readonly error: string,
    readonly description: string,
  ) {
    super(description);
  }
  body() {
    return { error: this.error, error_description: this.description };
  }
}

/** Every code and token the fake ever issued, so a test can prove none of them reached a log. */
const issuedSecrets: string[] = [];
const token = (prefix: string) => {
  const value = `${prefix}${randomBytes(24).toString('base64url')}`;
  issuedSecrets.push(value);
  return value;
};

export function secretsIssuedByFakes(): readonly string[] {
  return issuedSecrets;
}

export class FakeOAuth {
  private readonly codes = new Map<string, IssuedCode>();
  private readonly refreshTokens = new Map<string, string>();
  private readonly accessTokens = new Map<string, string>();
  /** Authorize requests as received, for tests that check state, PKCE and scopes. */
  readonly authorizeRequests: URLSearchParams[] = [];

  constructor(private readonly client: OAuthClientRegistration) {}

  /** A refresh token for `account`, as if the user had consented earlier. */
  grant(account: string): string {
    const refresh = token('1//fake-refresh-');
    this.refreshTokens.set(refresh, account);
    return refresh;
  }

  /** The user revoked access (or the 7-day testing-mode expiry passed): the next refresh fails with invalid_grant. */
  revoke(refreshToken: string): void {
    this.refreshTokens.delete(refreshToken);
    for (const [access, refresh] of this.accessTokens) if (refresh === refreshToken) this.accessTokens.delete(access);
  }

  revokeAll(): void {
    this.refreshTokens.clear();
    this.accessTokens.clear();
  }

  /** The account an access token was issued for, or undefined (→ 401). */
  accountOf(accessToken: string): string | undefined {
    const refresh = this.accessTokens.get(accessToken);
    return refresh ? this.refreshTokens.get(refresh) : undefined;
  }

  /** GET /o/oauth2/v2/auth: returns where to redirect the browser. */
  authorize(params: URLSearchParams, account: string): string {
    this.authorizeRequests.push(params);
    if (params.get('client_id') !== this.client.clientId) throw new OAuthError(400, 'invalid_client', 'The OAuth client was not found.');
    const redirectUri = params.get('redirect_uri');
    if (!redirectUri) throw new OAuthError(400, 'invalid_request', 'Missing required parameter: redirect_uri');
    if (params.get('response_type') !== 'code') throw new OAuthError(400, 'unsupported_response_type', 'Invalid response_type');
    const challenge = params.get('code_challenge') ?? undefined;
    if (challenge && params.get('code_challenge_method') !== 'S256') throw new OAuthError(400, 'invalid_request', 'Only S256 is accepted by this server.');
    const code = token('4/fake-code-');
    this.codes.set(code, { account, redirectUri, scope: params.get('scope') ?? '', ...(challenge ? { challenge } : {}) });
    const back = new URL(redirectUri);
    back.searchParams.set('code', code);
    const state = params.get('state');
    if (state !== null) back.searchParams.set('state', state);
    back.searchParams.set('scope', params.get('scope') ?? '');
    return back.href;
  }

  /** POST /token (form encoded). */
  exchange(form: URLSearchParams): Record<string, unknown> {
    if (form.get('client_id') !== this.client.clientId || form.get('client_secret') !== this.client.clientSecret) {
      throw new OAuthError(401, 'invalid_client', 'Unauthorized');
    }
    switch (form.get('grant_type')) {
      case 'authorization_code':
        return this.exchangeCode(form);
      case 'refresh_token': {
        const refresh = form.get('refresh_token') ?? '';
        if (!this.refreshTokens.has(refresh)) throw new OAuthError(400, 'invalid_grant', 'Token has been expired or revoked.');
        return this.accessTokenFor(refresh);
      }
      default:
        throw new OAuthError(400, 'unsupported_grant_type', 'Invalid grant_type');
    }
  }

  private exchangeCode(form: URLSearchParams): Record<string, unknown> {
    const code = form.get('code') ?? '';
    const issued = this.codes.get(code);
    // A code is single use: a replay is refused like an unknown one.
    this.codes.delete(code);
    if (!issued) throw new OAuthError(400, 'invalid_grant', 'Malformed auth code.');
    if (form.get('redirect_uri') !== issued.redirectUri) throw new OAuthError(400, 'redirect_uri_mismatch', 'Bad Request');
    if (issued.challenge) {
      const verifier = form.get('code_verifier') ?? '';
      const computed = createHash('sha256').update(verifier).digest('base64url');
      if (computed !== issued.challenge) throw new OAuthError(400, 'invalid_grant', 'Invalid code verifier.');
    }
    const refresh = this.grant(issued.account);
    return { ...this.accessTokenFor(refresh), refresh_token: refresh, scope: issued.scope };
  }

  private accessTokenFor(refresh: string): Record<string, unknown> {
    const access = token('ya29.fake-');
    this.accessTokens.set(access, refresh);
    return { access_token: access, expires_in: 3599, token_type: 'Bearer' };
  }
}
