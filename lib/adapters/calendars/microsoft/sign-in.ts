import type { MicrosoftConfig } from '../../../runtime/config.js';
import { CalendarUnavailable, NeedsReconnect } from '../../../core/ports/calendar.js';
import { isRevokedGrant, loadMsal, MICROSOFT_CONSENT_SCOPES, MICROSOFT_SCOPES, msalConfiguration } from './auth.js';

/**
 * The authorization-code flow with PKCE, in two halves: where to send the browser (with a
 * verifier the caller keeps bound to the session), and what the code returns: the account and
 * MSAL's serialized cache, which the caller seals for the connection. MSAL loads with the first
 * sign-in (auth.ts), not with the function that serves it.
 */

export interface SignInStart {
  url: string;
  /** PKCE verifier: kept server-side (sealed cookie), never sent to the browser in clear. */
  verifier: string;
}

export async function beginSignIn(config: MicrosoftConfig, redirectUri: string, state: string): Promise<SignInStart> {
  const { ConfidentialClientApplication, CryptoProvider } = await loadMsal();
  const { verifier, challenge } = await new CryptoProvider().generatePkceCodes();
  const app = new ConfidentialClientApplication(msalConfiguration(config));
  const url = await app.getAuthCodeUrl({
    scopes: MICROSOFT_CONSENT_SCOPES,
    redirectUri,
    state,
    codeChallenge: challenge,
    codeChallengeMethod: 'S256',
    prompt: 'select_account',
  });
  return { url, verifier };
}

export interface SignedIn {
  /** The mailbox address (preferred_username: the UPN or the personal account's address). */
  email: string;
  /** The account's display name (the ID token's `name` claim), when Microsoft gave one. */
  name?: string;
  /** MSAL's stable account id: one connection per Microsoft account. */
  homeAccountId: string;
  /** MSAL's token cache (refresh token inside): seal it before it is stored. */
  serializedCache: string;
}

export async function completeSignIn(config: MicrosoftConfig, input: { code: string; verifier: string; redirectUri: string }): Promise<SignedIn> {
  const { ConfidentialClientApplication } = await loadMsal();
  const app = new ConfidentialClientApplication(msalConfiguration(config));
  try {
    const result = await app.acquireTokenByCode({ code: input.code, codeVerifier: input.verifier, redirectUri: input.redirectUri, scopes: MICROSOFT_SCOPES });
    const account = result.account;
    if (!account) throw new CalendarUnavailable('Microsoft returned no account for the sign-in');
    return {
      email: account.username.toLowerCase(),
      ...(account.name ? { name: account.name } : {}),
      homeAccountId: account.homeAccountId,
      serializedCache: app.getTokenCache().serialize(),
    };
  } catch (error) {
    if (error instanceof CalendarUnavailable) throw error;
    if (isRevokedGrant(error)) throw new NeedsReconnect('Microsoft refused the sign-in code; please try connecting again.', { cause: error });
    throw new CalendarUnavailable(`Microsoft sign-in failed: ${(error as Error).message.split('\n')[0]}`, { cause: error });
  }
}
